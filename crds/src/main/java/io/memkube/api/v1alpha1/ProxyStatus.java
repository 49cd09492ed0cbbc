package io.memkube.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** The proxy DaemonSet as observed, and how many servers its configuration lists. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProxyStatus {

  @JsonPropertyDescription("Nodes that should run a proxy pod.")
  private Integer desired;

  @JsonPropertyDescription("Proxy pods that are ready.")
  private Integer ready;

  @JsonPropertyDescription(
      "Cache servers listed in the proxy configuration (lags spec.replicas while scaling).")
  private Integer servers;

  public ProxyStatus() {}

  public ProxyStatus(Integer desired, Integer ready, Integer servers) {
    this.desired = desired;
    this.ready = ready;
    this.servers = servers;
  }

  public Integer getDesired() {
    return desired;
  }

  public void setDesired(Integer desired) {
    this.desired = desired;
  }

  public Integer getReady() {
    return ready;
  }

  public void setReady(Integer ready) {
    this.ready = ready;
  }

  public Integer getServers() {
    return servers;
  }

  public void setServers(Integer servers) {
    this.servers = servers;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProxyStatus p
        && Objects.equals(desired, p.desired)
        && Objects.equals(ready, p.ready)
        && Objects.equals(servers, p.servers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(desired, ready, servers);
  }
}
