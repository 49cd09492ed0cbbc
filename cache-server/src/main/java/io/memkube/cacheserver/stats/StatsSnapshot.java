package io.memkube.cacheserver.stats;

import io.memkube.cacheserver.config.ServerSettings;
import io.memkube.cacheserver.storage.Cache;
import io.memkube.cacheserver.storage.StorageStats;
import java.util.Map;

/**
 * {@code stats}, {@code stats settings}, {@code stats items} and {@code stats slabs} taken together
 * from one pass over the shards ({@link Cache#stats}), for {@code /metrics}: every value it exports
 * is one of these strings, so a scrape says what {@code stats} said at that moment.
 *
 * @param general plain {@code stats}
 * @param settings {@code stats settings}
 * @param items {@code stats items}
 * @param slabs {@code stats slabs}
 * @param storage the storage counters behind them (pages, index), for memkube's own metrics
 */
public record StatsSnapshot(
    Map<String, String> general,
    Map<String, String> settings,
    Map<String, String> items,
    Map<String, String> slabs,
    StorageStats storage) {

  /** Reads every counter once. */
  public static StatsSnapshot take(ServerStats stats, ServerSettings settings, Cache cache) {
    StorageStats st = cache.stats();
    return new StatsSnapshot(
        StatsReport.general(stats, settings, cache, st),
        StatsReport.settings(stats, settings, cache),
        StatsReport.items(stats, settings.tuning(), st),
        StatsReport.slabs(stats, st),
        st);
  }
}
