package io.memkube.operator.monitoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;
import java.util.Objects;

/** The part of a PodMonitor's spec the operator sets. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PodMonitorSpec {

  private LabelSelector selector;
  private List<Endpoint> podMetricsEndpoints;

  public LabelSelector getSelector() {
    return selector;
  }

  public void setSelector(LabelSelector selector) {
    this.selector = selector;
  }

  public List<Endpoint> getPodMetricsEndpoints() {
    return podMetricsEndpoints;
  }

  public void setPodMetricsEndpoints(List<Endpoint> podMetricsEndpoints) {
    this.podMetricsEndpoints = podMetricsEndpoints;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PodMonitorSpec s
        && Objects.equals(selector, s.selector)
        && Objects.equals(podMetricsEndpoints, s.podMetricsEndpoints);
  }

  @Override
  public int hashCode() {
    return Objects.hash(selector, podMetricsEndpoints);
  }

  /**
   * One scraped container port.
   *
   * @param port name of the container port
   * @param path HTTP path
   * @param interval scrape interval
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Endpoint(String port, String path, String interval) {}
}
