package io.memkube.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.Objects;

/**
 * Prometheus metrics of the cache servers: a memcached exporter sidecar that reads {@code stats}
 * over the memcached protocol, and a ServiceMonitor when the Prometheus Operator is installed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MetricsSpec {

  @JsonPropertyDescription("Add the exporter sidecar (port 9150, name metrics) to each cache pod.")
  @Default("false")
  private Boolean enabled;

  @JsonPropertyDescription("Exporter image. Defaults to the operator's configured exporter image.")
  private String image;

  @JsonPropertyDescription(
      "Create a ServiceMonitor (monitoring.coreos.com/v1) when metrics are enabled and its CRD is"
          + " installed.")
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
