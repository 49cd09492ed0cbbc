package io.memkube.cacheserver.metrics;

import io.memkube.cacheserver.config.ServerSettings;
import io.memkube.cacheserver.stats.ServerStats;
import io.memkube.cacheserver.stats.StatsSnapshot;
import io.memkube.cacheserver.storage.Cache;
import io.memkube.protocol.health.HealthServer;
import io.memkube.protocol.metrics.JvmMetrics;
import io.memkube.protocol.metrics.MetricFamilies;

/**
 * The cache server's {@code /metrics}: memcached_exporter's families from one {@link
 * StatsSnapshot}, memkube's storage figures from the same snapshot, and the JVM's.
 */
public final class CacheServerMetrics implements HealthServer.MetricsScrape {
  private final ServerStats stats;
  private final ServerSettings settings;
  private final Cache cache;

  public CacheServerMetrics(ServerStats stats, ServerSettings settings, Cache cache) {
    this.stats = stats;
    this.settings = settings;
    this.cache = cache;
  }

  @Override
  public String scrape(boolean answering) {
    return families(StatsSnapshot.take(stats, settings, cache), answering).encode();
  }

  /** The families of one snapshot (tests compare them with the snapshot's {@code stats}). */
  public static MetricFamilies families(StatsSnapshot snap, boolean answering) {
    MetricFamilies out = new MetricFamilies();
    ExporterMetrics.writeTo(out, snap, answering);
    StorageMetrics.writeTo(out, snap.storage());
    JvmMetrics.writeTo(out);
    return out;
  }
}
