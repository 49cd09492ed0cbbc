package io.memkube.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The operator's own settings ({@code memkube.*} in application.properties or env vars). */
@ConfigMapping(prefix = "memkube")
public interface MemkubeConfig {

  /** The cache servers. */
  CacheServer cacheServer();

  /** The node-local proxy. */
  Proxy proxy();

  /** The memcached exporter sidecar used when {@code spec.metrics.enabled}. */
  Exporter exporter();

  /** Ring-safe scaling. */
  Scaling scaling();

  /** DNS domain of the cluster, used in the server names of the proxy configuration. */
  @WithDefault("cluster.local")
  String clusterDomain();

  /** Settings of the cache-server containers. */
  interface CacheServer {
    /** Image used when {@code spec.image} is unset. */
    String image();

    /**
     * Memory added to {@code spec.memory} for the container's limit when {@code spec.resources}
     * sets none: JVM heap, metaspace, threads and connection buffers.
     */
    @WithDefault("128Mi")
    String memoryOverhead();

    /** Extra memory as a percentage of {@code spec.memory} (slab and hash table overhead). */
    @WithDefault("10")
    int memoryOverheadPercent();
  }

  /** Settings of the proxy containers. */
  interface Proxy {
    /** Image used when {@code spec.proxy.image} is unset. */
    String image();
  }

  /** Settings of the exporter sidecar. */
  interface Exporter {
    /** Image used when {@code spec.metrics.image} is unset. */
    @WithDefault("quay.io/prometheus/memcached-exporter:v0.15.3")
    String image();
  }

  /** Settings of ring-safe scaling. */
  interface Scaling {
    /**
     * Time between removing servers from the proxy configuration and shrinking the StatefulSet: the
     * kubelet's ConfigMap refresh (about a minute) plus the proxies' reload.
     */
    @WithDefault("90s")
    Duration scaleDownGrace();
  }
}
