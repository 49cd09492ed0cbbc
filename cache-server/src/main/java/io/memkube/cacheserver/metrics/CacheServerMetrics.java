package io.memkube.cacheserver.metrics;

import io.memkube.cacheserver.config.ServerSettings;
import io.memkube.cacheserver.stats.ServerStats;
import io.memkube.cacheserver.stats.StatsSnapshot;
import io.memkube.cacheserver.storage.Cache;
import io.memkube.protocol.health.HealthServer;
import io.memkube.protocol.metrics.JvmMetrics;
import io.memkube.protocol.metrics.MetricFamilies;
import io.memkube.protocol.reload.WatchedFiles;

/**
 * The cache server's {@code /metrics}: memcached_exporter's families from one {@link
 * StatsSnapshot}, memkube's storage figures from the same snapshot, and the JVM's.
 */
public final class CacheServerMetrics implements HealthServer.MetricsScrape {
  private final ServerStats stats;
  private final ServerSettings settings;
  private final Cache cache;
  private final WatchedFiles files;

  public CacheServerMetrics(ServerStats stats, ServerSettings settings, Cache cache) {
    this(stats, settings, cache, null);
  }

  /**
   * @param files the watched files ({@code --watch-files-interval}), whose reloads are counted
   */
  public CacheServerMetrics(
      ServerStats stats, ServerSettings settings, Cache cache, WatchedFiles files) {
    this.stats = stats;
    this.settings = settings;
    this.cache = cache;
    this.files = files;
  }

  @Override
  public String scrape(boolean answering) {
    MetricFamilies out = families(StatsSnapshot.take(stats, settings, cache), answering);
    if (files != null) {
      // memkube only, so not in stats (which stays memcached's list)
      out.add(
          "memkube_cache_file_reloads_total",
          MetricFamilies.Type.COUNTER,
          "Watched files (-Z certificate, key, CA; -Y auth file) reloaded after their content"
              + " changed.",
          files.reloads());
      out.add(
          "memkube_cache_file_reload_failures_total",
          MetricFamilies.Type.COUNTER,
          "Watched files that changed but could not be used (the previous ones stayed).",
          files.failures());
    }
    return out.encode();
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
