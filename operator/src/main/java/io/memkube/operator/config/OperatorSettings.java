package io.memkube.operator.config;

import io.memkube.api.v1alpha1.Quantities;
import java.time.Duration;
import java.util.List;

/**
 * The operator settings as plain values, so that dependents, planners and tests need no CDI.
 *
 * @param cacheServerImage default cache-server image
 * @param proxyImage default proxy image
 * @param exporterImage default exporter image
 * @param memoryOverheadBytes fixed memory added to {@code spec.memory} for the container limit
 * @param memoryOverheadPercent proportional memory added to {@code spec.memory}
 * @param scaleDownGrace the longest wait between the proxy config shrinking and the StatefulSet
 *     shrinking
 * @param clusterDomain DNS domain of the cluster
 * @param cacheReadinessCommand exec readiness command of the cache container, empty for the default
 *     probe (HTTP {@code /readyz} for memkube's image, TCP for others)
 * @param proxyRingWarmUp how long memkube's proxies warm a new ring from the previous one (and
 *     leaving servers stay); zero: off
 * @param proxyTkoFailoverExptime how long what memkube's proxies write to a down server's stand-in
 *     lives there; zero: the proxies do not fail a down server over
 */
public record OperatorSettings(
    String cacheServerImage,
    String proxyImage,
    String exporterImage,
    long memoryOverheadBytes,
    int memoryOverheadPercent,
    Duration scaleDownGrace,
    String clusterDomain,
    List<String> cacheReadinessCommand,
    Duration proxyRingWarmUp,
    Duration proxyTkoFailoverExptime) {

  /** The settings before the TKO failover, which is then off. */
  public OperatorSettings(
      String cacheServerImage,
      String proxyImage,
      String exporterImage,
      long memoryOverheadBytes,
      int memoryOverheadPercent,
      Duration scaleDownGrace,
      String clusterDomain,
      List<String> cacheReadinessCommand,
      Duration proxyRingWarmUp) {
    this(
        cacheServerImage,
        proxyImage,
        exporterImage,
        memoryOverheadBytes,
        memoryOverheadPercent,
        scaleDownGrace,
        clusterDomain,
        cacheReadinessCommand,
        proxyRingWarmUp,
        Duration.ZERO);
  }

  /** Settings from the Quarkus configuration. */
  public static OperatorSettings from(MemkubeConfig config) {
    return new OperatorSettings(
        config.cacheServer().image(),
        config.proxy().image(),
        config.exporter().image(),
        Quantities.bytes(
            "memkube.cache-server.memory-overhead", config.cacheServer().memoryOverhead()),
        config.cacheServer().memoryOverheadPercent(),
        config.scaling().scaleDownGrace(),
        config.clusterDomain(),
        config.cacheServer().readinessCommand().orElse(List.of()),
        config.proxy().ringChangeWarmUp(),
        config.proxy().tkoFailoverExptime());
  }

  /** Settings for tests: images tagged {@code test}, a short grace period. */
  public static OperatorSettings forTests(Duration scaleDownGrace) {
    return new OperatorSettings(
        "memkube/cache-server:test",
        "memkube/proxy:test",
        "quay.io/prometheus/memcached-exporter:v0.15.3",
        320L << 20,
        25,
        scaleDownGrace,
        "cluster.local",
        List.of(),
        Duration.ZERO);
  }
}
