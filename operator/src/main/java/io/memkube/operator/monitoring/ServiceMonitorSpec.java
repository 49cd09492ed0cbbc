package io.memkube.operator.monitoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;
import java.util.Objects;

/** The part of a ServiceMonitor's spec the operator sets. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceMonitorSpec {

  private LabelSelector selector;
  private List<Endpoint> endpoints;

  public LabelSelector getSelector() {
    return selector;
  }

  public void setSelector(LabelSelector selector) {
    this.selector = selector;
  }

  public List<Endpoint> getEndpoints() {
    return endpoints;
  }

  public void setEndpoints(List<Endpoint> endpoints) {
    this.endpoints = endpoints;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServiceMonitorSpec s
        && Objects.equals(selector, s.selector)
        && Objects.equals(endpoints, s.endpoints);
  }

  @Override
  public int hashCode() {
    return Objects.hash(selector, endpoints);
  }

  /**
   * One scraped port.
   *
   * @param port name of the Service port
   * @param path HTTP path
   * @param interval scrape interval
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Endpoint(String port, String path, String interval) {}
}
