package io.memkube.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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

  /** Leader election among operator replicas. */
  LeaderElectionSettings leaderElection();

  /** DNS domain of the cluster, used in the server names of the proxy configuration. */
  @WithDefault("cluster.local")
  String clusterDomain();

  /** Settings of the cache-server containers. */
  interface CacheServer {
    /** Image used when {@code spec.image} is unset. */
    String image();

    /**
     * Memory added to {@code spec.memory} for the container's limit when {@code spec.resources}
     * sets none: 128 MiB of the direct-memory cap, a 64 MiB heap, metaspace, threads and code.
     */
    @WithDefault("320Mi")
    String memoryOverhead();

    /**
     * Extra memory as a percentage of {@code spec.memory}: the direct-memory cap is 120% of it
     * (item pages plus the hash index), with some room above.
     */
    @WithDefault("25")
    int memoryOverheadPercent();

    /**
     * Readiness command of the cache container (an exec probe), for images that can run one that
     * speaks the protocol; unset: memkube's image answers {@code /readyz} (a {@code version} round
     * trip), another image gets a TCP connect.
     */
    Optional<List<String>> readinessCommand();
  }

  /** Settings of the proxy containers. */
  interface Proxy {
    /** Image used when {@code spec.proxy.image} is unset. */
    String image();

    /**
     * How long memkube's proxies read a key that misses from its owner in the previous ring after a
     * ring change ({@code --ring-change-warmup-seconds}), and so how long servers that leave are
     * kept as warm sources before the StatefulSet shrinks. 0 turns the warm-up off.
     */
    @WithDefault("60s")
    Duration ringChangeWarmUp();

    /**
     * memkube's proxies hand a down server's requests at once to the next server in the ring
     * ({@code --tko-failover-exptime-seconds}), so that a crashed or force-deleted server costs no
     * failed request; what is written there meanwhile expires after this long, so that a later
     * outage of the same server does not serve it again once the server has newer values. 0 turns
     * the failover off (a down server's sets fail until it answers again, as with mcrouter).
     */
    @WithDefault("30s")
    Duration tkoFailoverExptime();
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
     * The longest wait between removing servers from the proxy configuration and shrinking the
     * StatefulSet. memkube's proxies report the config they run, so the StatefulSet shrinks as soon
     * as every proxy has moved and the ring-change warm-up is over; this bounds the wait for a
     * proxy that does not report (another proxy image, a node cut off from the API server), and is
     * the whole wait for those: the kubelet's ConfigMap refresh (about a minute) plus the reload.
     */
    @WithDefault("90s")
    Duration scaleDownGrace();
  }

  /** Settings of leader election. */
  interface LeaderElectionSettings {
    /**
     * Whether the operator takes the Lease before reconciling, in the profiles where leader
     * election is active (prod). False suits a single replica that must start reconciling at once,
     * or a namespace where the operator may not write Leases.
     */
    @WithDefault("true")
    boolean enabled();
  }
}
