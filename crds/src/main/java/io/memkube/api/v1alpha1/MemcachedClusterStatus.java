package io.memkube.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the operator observed. Written only by the operator, through the status subresource. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MemcachedClusterStatus {

  /** Condition type: every desired server is ready and in the proxy configuration. */
  public static final String AVAILABLE = "Available";

  /** Condition type: the cluster is moving towards the spec (rollout, scaling step). */
  public static final String PROGRESSING = "Progressing";

  /** Condition type: the spec cannot be applied as written, or the cluster is not healthy. */
  public static final String DEGRADED = "Degraded";

  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Cache server pods that exist (for the scale subresource).")
  @StatusReplicas
  private Integer replicas;

  @JsonPropertyDescription("Cache server pods that are ready.")
  private Integer readyReplicas;

  @JsonPropertyDescription("Label selector of the cache pods (for the scale subresource and HPA).")
  @LabelSelector
  private String selector;

  @JsonPropertyDescription("The proxy DaemonSet.")
  private ProxyStatus proxy;

  @JsonPropertyDescription("Where clients connect.")
  private EndpointsStatus endpoints;

  @JsonPropertyDescription("Authentication and NetworkPolicy in force on every pod.")
  private SecurityStatus security;

  @JsonPropertyDescription("One word for `kubectl get`: Ready, Progressing, Degraded or Paused.")
  private String phase;

  @JsonPropertyDescription("Available, Progressing and Degraded, with reasons and messages.")
  private List<Condition> conditions = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public Integer getReadyReplicas() {
    return readyReplicas;
  }

  public void setReadyReplicas(Integer readyReplicas) {
    this.readyReplicas = readyReplicas;
  }

  public String getSelector() {
    return selector;
  }

  public void setSelector(String selector) {
    this.selector = selector;
  }

  public ProxyStatus getProxy() {
    return proxy;
  }

  public void setProxy(ProxyStatus proxy) {
    this.proxy = proxy;
  }

  public EndpointsStatus getEndpoints() {
    return endpoints;
  }

  public void setEndpoints(EndpointsStatus endpoints) {
    this.endpoints = endpoints;
  }

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions == null ? new ArrayList<>() : conditions;
  }

  public SecurityStatus getSecurity() {
    return security;
  }

  public void setSecurity(SecurityStatus security) {
    this.security = security;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MemcachedClusterStatus s
        && Objects.equals(observedGeneration, s.observedGeneration)
        && Objects.equals(replicas, s.replicas)
        && Objects.equals(readyReplicas, s.readyReplicas)
        && Objects.equals(selector, s.selector)
        && Objects.equals(proxy, s.proxy)
        && Objects.equals(endpoints, s.endpoints)
        && Objects.equals(security, s.security)
        && Objects.equals(phase, s.phase)
        && Objects.equals(conditions, s.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, replicas, readyReplicas, phase);
  }
}
