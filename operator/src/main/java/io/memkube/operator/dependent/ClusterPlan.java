package io.memkube.operator.dependent;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.operator.config.OperatorSettings;
import io.memkube.operator.image.BundledImage;
import io.memkube.operator.scaling.RingPlan;

/**
 * What the reconciler decided before the dependents run: the cluster with defaults applied, the
 * operator's settings and this step of ring-safe scaling. Dependents build their desired state from
 * it alone, so each {@code desired()} is a pure function that tests call directly.
 *
 * @param cluster the MemcachedCluster with the schema's defaults applied in memory
 * @param settings the operator's settings
 * @param ring the scaling decision
 * @param heldProxyConfig the proxies' configuration to keep as it is, because the proxy refuses the
 *     one the spec makes (the ring is then held too); null when the spec's is written
 */
public record ClusterPlan(
    MemcachedCluster cluster, OperatorSettings settings, RingPlan ring, String heldProxyConfig) {

  private static final String KEY = ClusterPlan.class.getName();

  /** A plan whose proxy configuration follows the spec. */
  public ClusterPlan(MemcachedCluster cluster, OperatorSettings settings, RingPlan ring) {
    this(cluster, settings, ring, null);
  }

  /** The plan the reconciler stored for this reconciliation. */
  public static ClusterPlan of(Context<MemcachedCluster> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(KEY, ClusterPlan.class);
  }

  /** Stores the plan for the dependents of this reconciliation. */
  public void storeIn(Context<MemcachedCluster> context) {
    context.managedWorkflowAndDependentResourceContext().put(KEY, this);
  }

  public boolean proxyEnabled() {
    return cluster.getSpec().getProxy().getEnabled();
  }

  /**
   * Whether the proxies are memkube's own (they watch their ConfigMap through the API, report the
   * config they run, warm up ring changes), which another image (mcrouter) does not.
   */
  public boolean memkubeProxy() {
    return memkubeProxy(cluster, settings);
  }

  /** {@link #memkubeProxy()} before a plan exists. */
  public static boolean memkubeProxy(MemcachedCluster cluster, OperatorSettings settings) {
    return cluster.getSpec().getProxy().getEnabled()
        && BundledImage.isBundled(cluster.getSpec().getProxy().getImage(), settings.proxyImage());
  }

  public boolean networkPolicyEnabled() {
    return cluster.getSpec().getNetworkPolicy().getEnabled();
  }

  public boolean authEnabled() {
    return cluster.getSpec().getAuth().getEnabled();
  }

  /**
   * Whether the cache servers check logins ({@code -Y}): only without a proxy, because the proxy
   * cannot log in to servers yet; with a proxy the proxies check them and the NetworkPolicy (which
   * the CRD requires then) keeps the servers for the proxies.
   */
  public boolean serversCheckLogins() {
    return authEnabled() && !proxyEnabled();
  }

  /** Whether the proxies check their clients' logins ({@code --auth-file}). */
  public boolean proxiesCheckLogins() {
    return authEnabled() && proxyEnabled();
  }

  public boolean metricsEnabled() {
    return cluster.getSpec().getMetrics().getEnabled();
  }
}
