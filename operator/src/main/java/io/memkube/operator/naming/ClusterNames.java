package io.memkube.operator.naming;

import io.memkube.api.v1alpha1.MemcachedCluster;

/** Names of the objects a MemcachedCluster owns, and the DNS names of its servers. */
public final class ClusterNames {

  /** Port of the cache servers, as memcached's default. */
  public static final int SERVER_PORT = 11211;

  /**
   * Port of the probe endpoints of memkube's cache server ({@code --health-port}): next to the
   * server port, inside the pod only (no Service or hostPort exposes it).
   */
  public static final int HEALTH_PORT = 11212;

  /**
   * Port of the proxy's probe endpoints: {@link #HEALTH_PORT}, or the next one when {@code
   * spec.proxy.port} (any port) already takes it. Inside the pod only, never a hostPort.
   */
  public static int proxyHealthPort(int proxyPort) {
    return proxyHealthPort(proxyPort, proxyPort);
  }

  /**
   * Port of the proxy's probe endpoints beside its plaintext and TLS ports: the first of {@link
   * #HEALTH_PORT} and the two after it that neither takes.
   */
  public static int proxyHealthPort(int proxyPort, int tlsPort) {
    int port = HEALTH_PORT;
    while (port == proxyPort || port == tlsPort) {
      port++;
    }
    return port;
  }

  /**
   * Plaintext port on loopback only of a cache server with TLS whose metrics come from the exporter
   * sidecar (another image than memkube's): memcached_exporter speaks plaintext.
   */
  public static final int LOOPBACK_PLAINTEXT_PORT = 11311;

  /**
   * Port of the exporter sidecar (another image than memkube's), and of the headless Service's
   * {@code metrics} port, which leads to the sidecar or to memkube's {@code /metrics} on {@link
   * #HEALTH_PORT}.
   */
  public static final int METRICS_PORT = 9150;

  /** Name of the headless Service's port Prometheus scrapes. */
  public static final String METRICS_PORT_NAME = "metrics";

  private ClusterNames() {}

  /** Headless Service, StatefulSet and PodDisruptionBudget share the cluster's name. */
  public static String servers(MemcachedCluster mc) {
    return mc.getMetadata().getName();
  }

  /** ConfigMap, DaemonSet and Service of the proxy. */
  public static String proxy(MemcachedCluster mc) {
    return mc.getMetadata().getName() + "-proxy";
  }

  /**
   * ConfigMap in which each of memkube's proxies writes the md5 of the config it runs, under its
   * node's name.
   */
  public static String proxyReports(MemcachedCluster mc) {
    return proxy(mc) + "-status";
  }

  /**
   * Secret holding memcached's {@code -Y} file: the user's {@code spec.auth.secretName}, else the
   * one the operator generates.
   */
  public static String authSecret(MemcachedCluster mc) {
    String named = mc.getSpec().getAuth() == null ? null : mc.getSpec().getAuth().getSecretName();
    return named != null ? named : generatedAuthSecret(mc);
  }

  /** The Secret the operator generates when {@code spec.auth.secretName} is unset. */
  public static String generatedAuthSecret(MemcachedCluster mc) {
    return mc.getMetadata().getName() + "-auth";
  }

  /**
   * The {@code kubernetes.io/tls} Secret: the user's {@code spec.tls.secretName}, else the one
   * cert-manager writes for the Certificate the operator creates.
   */
  public static String tlsSecret(MemcachedCluster mc) {
    var tls = mc.getSpec().getTls();
    return tls != null && tls.getSecretName() != null ? tls.getSecretName() : certificate(mc);
  }

  /** The cert-manager Certificate (and its Secret) of {@code spec.tls.issuerRef}. */
  public static String certificate(MemcachedCluster mc) {
    return mc.getMetadata().getName() + "-tls";
  }

  /** Stable DNS name of server {@code ordinal}: its place on the ring survives a restart. */
  public static String serverHost(MemcachedCluster mc, int ordinal, String clusterDomain) {
    return servers(mc) + "-" + ordinal + "." + headlessServiceHost(mc, clusterDomain);
  }

  /** DNS name of the headless Service. */
  public static String headlessServiceHost(MemcachedCluster mc, String clusterDomain) {
    return servers(mc) + "." + mc.getMetadata().getNamespace() + ".svc." + clusterDomain;
  }

  /** DNS name of the proxy Service. */
  public static String proxyServiceHost(MemcachedCluster mc, String clusterDomain) {
    return proxy(mc) + "." + mc.getMetadata().getNamespace() + ".svc." + clusterDomain;
  }
}
