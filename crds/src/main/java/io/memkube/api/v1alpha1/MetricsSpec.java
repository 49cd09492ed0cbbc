package io.memkube.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.Objects;

/**
 * Prometheus metrics: memkube's cache server and proxy serve {@code /metrics} themselves (another
 * cache image gets a memcached exporter sidecar that reads {@code stats}), and a ServiceMonitor and
 * PodMonitor when the Prometheus Operator is installed (docs/observability.md).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MetricsSpec {

  @JsonPropertyDescription(
      "Publish Prometheus metrics: the headless Service's port 9150 (name metrics) leads to the"
          + " cache server's /metrics (memkube's image) or to an exporter sidecar added to each"
          + " cache pod (another image).")
  @Default("false")
  private Boolean enabled;

  @JsonPropertyDescription(
      "Exporter sidecar image, for a cache image other than memkube's. Defaults to the operator's"
          + " configured exporter image.")
  private String image;

  @JsonPropertyDescription(
      "Create a ServiceMonitor for the cache servers and a PodMonitor for memkube's proxies"
          + " (monitoring.coreos.com/v1) when metrics are enabled and their CRDs are installed.")
  @Default("true")
  private Boolean serviceMonitor;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public Boolean getServiceMonitor() {
    return serviceMonitor;
  }

  public void setServiceMonitor(Boolean serviceMonitor) {
    this.serviceMonitor = serviceMonitor;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MetricsSpec m
        && Objects.equals(enabled, m.enabled)
        && Objects.equals(image, m.image)
        && Objects.equals(serviceMonitor, m.serviceMonitor);
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled, image, serviceMonitor);
  }
}
