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
 * @param tlsCa whether the TLS Secret holds a {@code ca.crt} (read by the reconciler: only the
 *     Secret knows, and the flags differ with it)
 * @param secretDigests the TLS and auth Secrets' content, for the images that must be rolled to
 *     read them again (read by the reconciler, which reads those Secrets anyway)
 */
public record ClusterPlan(
    MemcachedCluster cluster,
    OperatorSettings settings,
    RingPlan ring,
    String heldProxyConfig,
    boolean tlsCa,
    SecretDigests secretDigests) {

  private static final String KEY = ClusterPlan.class.getName();

  /** A plan without the Secrets' digests (no pod template carries them). */
  public ClusterPlan(
      MemcachedCluster cluster,
      OperatorSettings settings,
      RingPlan ring,
      String heldProxyConfig,
      boolean tlsCa) {
    this(cluster, settings, ring, heldProxyConfig, tlsCa, SecretDigests.NONE);
  }

  /** A plan whose proxy configuration follows the spec, without a TLS CA. */
  public ClusterPlan(MemcachedCluster cluster, OperatorSettings settings, RingPlan ring) {
    this(cluster, settings, ring, null, false);
  }

  /** A plan holding the proxies' configuration {@code heldProxyConfig}, without a TLS CA. */
  public ClusterPlan(
      MemcachedCluster cluster, OperatorSettings settings, RingPlan ring, String heldProxyConfig) {
    this(cluster, settings, ring, heldProxyConfig, false);
  }

  /** This plan, holding the proxies' configuration {@code held}. */
  public ClusterPlan holding(RingPlan heldRing, String held) {
    return new ClusterPlan(cluster, settings, heldRing, held, tlsCa, secretDigests);
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

  /**
   * Whether the cache servers are memkube's own, which reload their certificate and {@code -Y}
   * files when they change (memcached's image does not).
   */
  public boolean memkubeServer() {
    return memkubeServer(cluster, settings);
  }

  /** {@link #memkubeServer()} before a plan exists. */
  public static boolean memkubeServer(MemcachedCluster cluster, OperatorSettings settings) {
    return BundledImage.isBundled(cluster.getSpec().getImage(), settings.cacheServerImage());
  }

  public boolean networkPolicyEnabled() {
    return cluster.getSpec().getNetworkPolicy().getEnabled();
  }

  public boolean authEnabled() {
    return cluster.getSpec().getAuth().getEnabled();
  }

  /**
   * Whether the cache servers check logins ({@code -Y}): always with auth. With a proxy the proxies
   * log in to them with the same file's first entry, and check their own clients' logins too.
   */
  public boolean serversCheckLogins() {
    return authEnabled();
  }

  /**
   * Whether the proxies check their clients' logins ({@code --auth-file}) and log in to the servers
   * ({@code --pool-credentials-file}).
   */
  public boolean proxiesCheckLogins() {
    return authEnabled() && proxyEnabled();
  }

  public boolean tlsEnabled() {
    return cluster.getSpec().getTls() != null;
  }

  /** Whether the cache servers require a client certificate signed by the Secret's CA. */
  public boolean serversRequireClientCertificates() {
    return tlsEnabled()
        && tlsCa
        && Boolean.TRUE.equals(cluster.getSpec().getTls().getRequireClientCertificates());
  }

  /**
   * Whether the proxies' TLS port accepts only applications with a certificate signed by the
   * Secret's CA (mutual TLS toward the applications).
   */
  public boolean proxiesRequireClientCertificates() {
    return tlsEnabled()
        && proxyEnabled()
        && tlsCa
        && Boolean.TRUE.equals(
            cluster.getSpec().getTls().getRequireClientCertificatesFromApplications());
  }

  /** Whether the proxies' plaintext port stays open to clients beside the TLS port. */
  public boolean proxyClientPlaintext() {
    return !tlsEnabled() || Boolean.TRUE.equals(cluster.getSpec().getTls().getClientPlaintext());
  }

  /**
   * Whether memkube's server and proxy images watch their mounted files (certificates, key, CA,
   * logins) and reload them on change: then a rotated Secret reaches them without a restart.
   */
  public boolean watchesFiles() {
    return tlsEnabled() || authEnabled();
  }

  public boolean metricsEnabled() {
    return cluster.getSpec().getMetrics().getEnabled();
  }
}
