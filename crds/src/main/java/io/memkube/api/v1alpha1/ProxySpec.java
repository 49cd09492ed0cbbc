package io.memkube.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The node-local proxy: one pod per node (a DaemonSet) that routes keys to the cache servers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProxySpec {

  @JsonPropertyDescription("Run the proxy DaemonSet, its ConfigMap and Service.")
  @Default("true")
  private Boolean enabled;

  @JsonPropertyDescription("Port the proxy listens on, in the pod and on the node (1-65535).")
  @Default("5000")
  @Min(1)
  @Max(65535)
  private Integer port;

  @JsonPropertyDescription(
      "Expose the proxy port on each node (hostPort), so that pods reach the proxy of their own"
          + " node at status.hostIP (the downward API's NODE_NAME/HOST_IP).")
  @Default("true")
  private Boolean hostPort;

  @JsonPropertyDescription("Proxy image. Defaults to the image the operator was released with.")
  private String image;

  @JsonPropertyDescription("Resources of the proxy container.")
  private ResourceRequirements resources;

  @JsonPropertyDescription("How the proxy spreads keys over the servers.")
  @Default("{}")
  private RoutingSpec routing;

  @JsonPropertyDescription("Node selector of the proxy pods (all nodes when unset).")
  private Map<String, String> nodeSelector;

  @JsonPropertyDescription("Tolerations of the proxy pods.")
  private List<Toleration> tolerations;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public Boolean getHostPort() {
    return hostPort;
  }

  public void setHostPort(Boolean hostPort) {
    this.hostPort = hostPort;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public RoutingSpec getRouting() {
    return routing;
  }

  public void setRouting(RoutingSpec routing) {
    this.routing = routing;
  }

  public Map<String, String> getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(Map<String, String> nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  public List<Toleration> getTolerations() {
    return tolerations;
  }

  public void setTolerations(List<Toleration> tolerations) {
    this.tolerations = tolerations;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProxySpec p
        && Objects.equals(enabled, p.enabled)
        && Objects.equals(port, p.port)
        && Objects.equals(hostPort, p.hostPort)
        && Objects.equals(image, p.image)
        && Objects.equals(resources, p.resources)
        && Objects.equals(routing, p.routing)
        && Objects.equals(nodeSelector, p.nodeSelector)
        && Objects.equals(tolerations, p.tolerations);
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled, port, hostPort, image, routing);
  }
}
