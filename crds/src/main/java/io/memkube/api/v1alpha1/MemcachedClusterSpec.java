package io.memkube.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the user asks for. Fields are boxed and left null when unset, so that the schema's defaults
 * apply and the operator never serialises a value the user did not write.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "quantity(self.maxItemSize).add(quantity(self.maxItemSize))"
            + ".compareTo(quantity(self.memory)) <= 0",
    message =
        "spec.maxItemSize must be at most half of spec.memory"
            + " (a memcached server refuses to start otherwise)",
    fieldPath = ".maxItemSize",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "self.proxy.routing.mode != 'Replicated'"
            + " || self.replicas % self.proxy.routing.replicaGroups == 0",
    message =
        "spec.replicas must be a multiple of spec.proxy.routing.replicaGroups"
            + " when spec.proxy.routing.mode is Replicated",
    fieldPath = ".replicas",
    reason = "FieldValueInvalid")
@ValidationRule(
    value = "!has(self.tls) || self.tls.proxyPort != self.proxy.port",
    message = "spec.tls.proxyPort must differ from spec.proxy.port (the plaintext port)",
    fieldPath = ".tls.proxyPort",
    reason = "FieldValueInvalid")
public class MemcachedClusterSpec {

  @JsonPropertyDescription(
      "Number of cache servers (pods NAME-0..NAME-(replicas-1)). Changed by `kubectl scale` too.")
  @Default("3")
  @Min(0)
  @Max(1000)
  @SpecReplicas
  private Integer replicas;

  @JsonPropertyDescription(
      "Cache memory per server, a Kubernetes quantity in bytes or Ki/Mi/Gi/Ti (memcached -m)."
          + " Between 16Mi and 512Gi.")
  @Default("64Mi")
  @Pattern(Quantities.PATTERN)
  @ValidationRule(
      value =
          "quantity(self).compareTo(quantity('16Mi')) >= 0"
              + " && quantity(self).compareTo(quantity('512Gi')) <= 0",
      message = "spec.memory must be between 16Mi and 512Gi",
      reason = "FieldValueInvalid")
  private String memory;

  @JsonPropertyDescription(
      "Largest item a server stores, a quantity between 1Ki and 1Gi (memcached -I).")
  @Default("1Mi")
  @Pattern(Quantities.PATTERN)
  @ValidationRule(
      value =
          "quantity(self).compareTo(quantity('1Ki')) >= 0"
              + " && quantity(self).compareTo(quantity('1Gi')) <= 0",
      message = "spec.maxItemSize must be between 1Ki and 1Gi",
      reason = "FieldValueInvalid")
  private String maxItemSize;

  @JsonPropertyDescription("Maximum simultaneous client connections per server (memcached -c).")
  @Default("1024")
  @Min(1)
  @Max(1048576)
  private Integer maxConnections;

  @JsonPropertyDescription("Worker threads per server (memcached -t).")
  @Default("4")
  @Min(1)
  @Max(256)
  private Integer threads;

  @JsonPropertyDescription(
      "Cache-server image. Defaults to the image the operator was released with.")
  private String image;

  @JsonPropertyDescription(
      "Resources of the cache container. When limits.memory is unset it is derived from"
          + " spec.memory plus an overhead for the JVM and connections.")
  private ResourceRequirements resources;

  @JsonPropertyDescription("PodDisruptionBudget for the cache pods.")
  @Default("{}")
  private PodDisruptionBudgetSpec podDisruptionBudget;

  @JsonPropertyDescription("Affinity of the cache pods.")
  private Affinity affinity;

  @JsonPropertyDescription("Tolerations of the cache pods.")
  private List<Toleration> tolerations;

  @JsonPropertyDescription("Node selector of the cache pods.")
  private Map<String, String> nodeSelector;

  @JsonPropertyDescription("Topology spread constraints of the cache pods.")
  private List<TopologySpreadConstraint> topologySpreadConstraints;

  @JsonPropertyDescription("Priority class of the cache pods.")
  private String priorityClassName;

  @JsonPropertyDescription(
      "Extra labels of the cache and proxy pods. The selector labels app.kubernetes.io/name,"
          + " instance and component are reserved.")
  @ValidationRule(
      value =
          "!('app.kubernetes.io/name' in self) && !('app.kubernetes.io/instance' in self)"
              + " && !('app.kubernetes.io/component' in self)",
      message =
          "spec.podLabels must not set app.kubernetes.io/name, app.kubernetes.io/instance or"
              + " app.kubernetes.io/component: the operator's selectors use them",
      reason = "FieldValueForbidden")
  private Map<String, String> podLabels;

  @JsonPropertyDescription("Extra annotations of the cache and proxy pods.")
  private Map<String, String> podAnnotations;

  @JsonPropertyDescription("The node-local proxy (a DaemonSet) in front of the cache servers.")
  @Default("{}")
  private ProxySpec proxy;

  @JsonPropertyDescription("Prometheus metrics of the cache servers (an exporter sidecar).")
  @Default("{}")
  private MetricsSpec metrics;

  @JsonPropertyDescription(
      "NetworkPolicies that limit who reaches the cache servers and the proxies (off by"
          + " default).")
  @Default("{}")
  private NetworkPolicySpec networkPolicy;

  @JsonPropertyDescription("Client authentication with memcached's -Y file (off by default).")
  @Default("{}")
  private AuthSpec auth;

  @JsonPropertyDescription(
      "TLS for clients, proxies and cache servers, from a kubernetes.io/tls Secret or a"
          + " cert-manager issuer (off when absent).")
  private TlsSpec tls;

  @JsonPropertyDescription(
      "Stops reconciliation while true, like the annotation memkube.io/paused: \"true\".")
  private Boolean paused;

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public String getMemory() {
    return memory;
  }

  public void setMemory(String memory) {
    this.memory = memory;
  }

  public String getMaxItemSize() {
    return maxItemSize;
  }

  public void setMaxItemSize(String maxItemSize) {
    this.maxItemSize = maxItemSize;
  }

  public Integer getMaxConnections() {
    return maxConnections;
  }

  public void setMaxConnections(Integer maxConnections) {
    this.maxConnections = maxConnections;
  }

  public Integer getThreads() {
    return threads;
  }

  public void setThreads(Integer threads) {
    this.threads = threads;
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

  public PodDisruptionBudgetSpec getPodDisruptionBudget() {
    return podDisruptionBudget;
  }

  public void setPodDisruptionBudget(PodDisruptionBudgetSpec podDisruptionBudget) {
    this.podDisruptionBudget = podDisruptionBudget;
  }

  public Affinity getAffinity() {
    return affinity;
  }

  public void setAffinity(Affinity affinity) {
    this.affinity = affinity;
  }

  public List<Toleration> getTolerations() {
    return tolerations;
  }

  public void setTolerations(List<Toleration> tolerations) {
    this.tolerations = tolerations;
  }

  public Map<String, String> getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(Map<String, String> nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  public List<TopologySpreadConstraint> getTopologySpreadConstraints() {
    return topologySpreadConstraints;
  }

  public void setTopologySpreadConstraints(
      List<TopologySpreadConstraint> topologySpreadConstraints) {
    this.topologySpreadConstraints = topologySpreadConstraints;
  }

  public String getPriorityClassName() {
    return priorityClassName;
  }

  public void setPriorityClassName(String priorityClassName) {
    this.priorityClassName = priorityClassName;
  }

  public Map<String, String> getPodLabels() {
    return podLabels;
  }

  public void setPodLabels(Map<String, String> podLabels) {
    this.podLabels = podLabels;
  }

  public Map<String, String> getPodAnnotations() {
    return podAnnotations;
  }

  public void setPodAnnotations(Map<String, String> podAnnotations) {
    this.podAnnotations = podAnnotations;
  }

  public ProxySpec getProxy() {
    return proxy;
  }

  public void setProxy(ProxySpec proxy) {
    this.proxy = proxy;
  }

  public MetricsSpec getMetrics() {
    return metrics;
  }

  public void setMetrics(MetricsSpec metrics) {
    this.metrics = metrics;
  }

  public NetworkPolicySpec getNetworkPolicy() {
    return networkPolicy;
  }

  public void setNetworkPolicy(NetworkPolicySpec networkPolicy) {
    this.networkPolicy = networkPolicy;
  }

  public AuthSpec getAuth() {
    return auth;
  }

  public void setAuth(AuthSpec auth) {
    this.auth = auth;
  }

  public TlsSpec getTls() {
    return tls;
  }

  public void setTls(TlsSpec tls) {
    this.tls = tls;
  }

  public Boolean getPaused() {
    return paused;
  }

  public void setPaused(Boolean paused) {
    this.paused = paused;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MemcachedClusterSpec s
        && Objects.equals(replicas, s.replicas)
        && Objects.equals(memory, s.memory)
        && Objects.equals(maxItemSize, s.maxItemSize)
        && Objects.equals(maxConnections, s.maxConnections)
        && Objects.equals(threads, s.threads)
        && Objects.equals(image, s.image)
        && Objects.equals(resources, s.resources)
        && Objects.equals(podDisruptionBudget, s.podDisruptionBudget)
        && Objects.equals(affinity, s.affinity)
        && Objects.equals(tolerations, s.tolerations)
        && Objects.equals(nodeSelector, s.nodeSelector)
        && Objects.equals(topologySpreadConstraints, s.topologySpreadConstraints)
        && Objects.equals(priorityClassName, s.priorityClassName)
        && Objects.equals(podLabels, s.podLabels)
        && Objects.equals(podAnnotations, s.podAnnotations)
        && Objects.equals(proxy, s.proxy)
        && Objects.equals(metrics, s.metrics)
        && Objects.equals(networkPolicy, s.networkPolicy)
        && Objects.equals(auth, s.auth)
        && Objects.equals(tls, s.tls)
        && Objects.equals(paused, s.paused);
  }

  @Override
  public int hashCode() {
    return Objects.hash(replicas, memory, maxItemSize, proxy);
  }
}
