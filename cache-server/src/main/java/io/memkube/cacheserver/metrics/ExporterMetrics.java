package io.memkube.cacheserver.metrics;

import io.memkube.cacheserver.stats.StatsSnapshot;
import io.memkube.protocol.metrics.MetricFamilies;
import io.memkube.protocol.metrics.MetricFamilies.Type;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code stats}, {@code stats settings}, {@code stats items} and {@code stats slabs} under the
 * metric names and labels of prometheus/memcached_exporter, which reads the same four lists from
 * memcached: dashboards and alerts written for memcached behind that exporter work unchanged. Every
 * value is parsed from the snapshot's strings, so it is what {@code stats} said.
 */
final class ExporterMetrics {
  private static final String[] HIT_MISS_COMMANDS = {
    "get", "delete", "incr", "decr", "cas", "touch"
  };

  private static final String[] LRUS = {"hot", "warm", "cold", "temp"};

  private ExporterMetrics() {}

  static void writeTo(MetricFamilies out, StatsSnapshot snap, boolean up) {
    Map<String, String> s = snap.general();
    out.add("memcached_up", Type.GAUGE, "Could the memcached server be reached.", up ? 1 : 0);
    counter(
        out,
        s,
        "uptime",
        "memcached_uptime_seconds",
        "Number of seconds since the server started.");
    gauge(out, s, "time", "memcached_time_seconds", "current UNIX time according to the server.");
    out.add(
        "memcached_version",
        Type.GAUGE,
        "The version of this memcached server.",
        1,
        "version",
        s.get("version"));
    counter(
        out,
        s,
        "rusage_user",
        "memcached_process_user_cpu_seconds_total",
        "Accumulated user time for this process.");
    counter(
        out,
        s,
        "rusage_system",
        "memcached_process_system_cpu_seconds_total",
        "Accumulated system time for this process.");
    counter(
        out,
        s,
        "bytes_read",
        "memcached_read_bytes_total",
        "Total number of bytes read by this server from network.");
    counter(
        out,
        s,
        "bytes_written",
        "memcached_written_bytes_total",
        "Total number of bytes sent by this server to network.");
    gauge(
        out,
        s,
        "curr_connections",
        "memcached_current_connections",
        "Current number of open connections.");
    gauge(
        out,
        snap.settings(),
        "maxconns",
        "memcached_max_connections",
        "Maximum number of clients allowed.");
    counter(
        out,
        s,
        "total_connections",
        "memcached_connections_total",
        "Total number of connections opened since the server started running.");
    counter(
        out,
        s,
        "rejected_connections",
        "memcached_connections_rejected_total",
        "Total number of connections rejected due to hitting the -c limit.");
    counter(
        out,
        s,
        "conn_yields",
        "memcached_connections_yielded_total",
        "Total number of connections yielded running due to hitting the -R limit.");
    counter(
        out,
        s,
        "listen_disabled_num",
        "memcached_connections_listener_disabled_total",
        "Number of times that memcached has hit its connections limit and disabled its listener.");
    gauge(
        out, s, "bytes", "memcached_current_bytes", "Current number of bytes used to store items.");
    gauge(
        out,
        s,
        "limit_maxbytes",
        "memcached_limit_bytes",
        "Number of bytes this server is allowed to use for storage.");
    commands(out, s);
    gauge(
        out,
        s,
        "curr_items",
        "memcached_current_items",
        "Current number of items stored by this instance.");
    counter(
        out,
        s,
        "total_items",
        "memcached_items_total",
        "Total number of items stored during the life of this instance.");
    counter(
        out,
        s,
        "evictions",
        "memcached_items_evicted_total",
        "Total number of valid items removed from cache to free memory for new items.");
    counter(
        out,
        s,
        "reclaimed",
        "memcached_items_reclaimed_total",
        "Total number of times an entry was stored using memory from an expired entry.");
    counter(
        out,
        s,
        "store_too_large",
        "memcached_item_too_large_total",
        "The number of times an item exceeded the max-item-size when being stored.");
    counter(
        out,
        s,
        "store_no_memory",
        "memcached_item_no_memory_total",
        "The number of times an item could not be stored due to no more memory.");
    counter(
        out,
        s,
        "lru_crawler_starts",
        "memcached_lru_crawler_starts_total",
        "Times an LRU crawler was started.");
    counter(
        out,
        s,
        "direct_reclaims",
        "memcached_direct_reclaims_total",
        "Times worker threads had to directly reclaim or evict items.");
    counter(
        out,
        s,
        "crawler_items_checked",
        "memcached_lru_crawler_items_checked_total",
        "Total items examined by LRU Crawler.");
    counter(
        out,
        s,
        "crawler_reclaimed",
        "memcached_lru_crawler_reclaimed_total",
        "Total items freed by LRU Crawler.");
    counter(
        out,
        s,
        "moves_to_cold",
        "memcached_lru_crawler_moves_to_cold_total",
        "Total number of items moved from HOT/WARM to COLD LRU's.");
    counter(
        out,
        s,
        "moves_to_warm",
        "memcached_lru_crawler_moves_to_warm_total",
        "Total number of items moved from COLD to WARM LRU.");
    counter(
        out,
        s,
        "moves_within_lru",
        "memcached_lru_crawler_moves_within_lru_total",
        "Total number of items reshuffled within HOT or WARM LRU's.");
    gauge(
        out,
        snap.slabs(),
        "total_malloced",
        "memcached_malloced_bytes",
        "Number of bytes of memory allocated to slab pages.");
    gauge(
        out,
        s,
        "accepting_conns",
        "memcached_accepting_connections",
        "The Memcached server is currently accepting new connections.");
    settings(out, snap.settings());
    items(out, perClass(snap.items(), "items:"));
    slabs(out, perClass(snap.slabs(), ""));
  }

  /**
   * {@code memcached_commands_total{command,status}}. memcached counts a {@code cas} in {@code
   * cmd_set} too, so {@code set} is {@code cmd_set} less every cas outcome, as the exporter counts
   * it.
   */
  private static void commands(MetricFamilies out, Map<String, String> s) {
    String name = "memcached_commands_total";
    String help =
        "Total number of all requests broken down by command (get, set, etc.) and status.";
    for (String op : HIT_MISS_COMMANDS) {
      out.add(name, Type.COUNTER, help, num(s, op + "_hits"), "command", op, "status", "hit");
      out.add(name, Type.COUNTER, help, num(s, op + "_misses"), "command", op, "status", "miss");
    }
    out.add(name, Type.COUNTER, help, num(s, "cas_badval"), "command", "cas", "status", "badval");
    out.add(name, Type.COUNTER, help, num(s, "cmd_flush"), "command", "flush", "status", "hit");
    double sets =
        num(s, "cmd_set") - num(s, "cas_misses") - num(s, "cas_hits") - num(s, "cas_badval");
    out.add(name, Type.COUNTER, help, sets, "command", "set", "status", "hit");
  }

  /** The LRU crawler's settings, which the exporter reports only while the crawler is on. */
  private static void settings(MetricFamilies out, Map<String, String> t) {
    if (!"yes".equals(t.get("lru_crawler"))) {
      return;
    }
    out.add("memcached_lru_crawler_enabled", Type.GAUGE, "Whether the LRU crawler is enabled.", 1);
    gauge(
        out,
        t,
        "lru_crawler_sleep",
        "memcached_lru_crawler_sleep",
        "Microseconds to sleep between LRU crawls.");
    gauge(
        out,
        t,
        "lru_crawler_tocrawl",
        "memcached_lru_crawler_to_crawl",
        "Max items to crawl per slab per run.");
    out.add(
        "memcached_lru_crawler_maintainer_thread",
        Type.GAUGE,
        "Split LRU mode and background threads.",
        "yes".equals(t.get("lru_maintainer_thread")) ? 1 : 0);
    gauge(
        out,
        t,
        "hot_lru_pct",
        "memcached_lru_crawler_hot_percent",
        "Percent of slab memory reserved for HOT LRU.");
    gauge(
        out,
        t,
        "warm_lru_pct",
        "memcached_lru_crawler_warm_percent",
        "Percent of slab memory reserved for WARM LRU.");
    gauge(
        out,
        t,
        "hot_max_factor",
        "memcached_lru_crawler_hot_max_factor",
        "Set idle age of HOT LRU to COLD age * this");
    gauge(
        out,
        t,
        "warm_max_factor",
        "memcached_lru_crawler_warm_max_factor",
        "Set idle age of WARM LRU to COLD age * this");
  }

  private static void items(MetricFamilies out, Map<String, Map<String, String>> classes) {
    classes.forEach(
        (slab, u) -> {
          slabGauge(
              out,
              u,
              slab,
              "number",
              "memcached_slab_current_items",
              "Number of items currently stored in this slab class.");
          slabGauge(
              out,
              u,
              slab,
              "age",
              "memcached_slab_items_age_seconds",
              "Number of seconds the oldest item has been in the slab class.");
          // memcached 1.6 lists mem_requested in stats items (no longer in stats slabs); it is
          // a size, so a gauge (the exporter declares it a counter there, which PromQL ignores)
          slabGauge(
              out,
              u,
              slab,
              "mem_requested",
              "memcached_slab_mem_requested_bytes",
              "Number of bytes of memory actual items take up within a slab.");
          for (String lru : LRUS) {
            if (u.containsKey("hits_to_" + lru)) {
              out.add(
                  "memcached_slab_lru_hits_total",
                  Type.COUNTER,
                  "Number of get_hits to the LRU.",
                  num(u, "hits_to_" + lru),
                  "slab",
                  slab,
                  "lru",
                  lru.equals("temp") ? "temporary" : lru);
            }
          }
          slabCounter(
              out,
              u,
              slab,
              "crawler_reclaimed",
              "memcached_slab_items_crawler_reclaimed_total",
              "Number of items freed by the LRU Crawler.");
          slabCounter(
              out,
              u,
              slab,
              "evicted",
              "memcached_slab_items_evicted_total",
              "Total number of times an item had to be evicted from the LRU before it expired.");
          slabCounter(
              out,
              u,
              slab,
              "evicted_nonzero",
              "memcached_slab_items_evicted_nonzero_total",
              "Total number of times an item which had an explicit expire time set had to be evicted from the LRU before it expired.");
          slabCounter(
              out,
              u,
              slab,
              "evicted_time",
              "memcached_slab_items_evicted_time_seconds",
              "Seconds since the last access for the most recent item evicted from this class.");
          slabCounter(
              out,
              u,
              slab,
              "evicted_unfetched",
              "memcached_slab_items_evicted_unfetched_total",
              "Total number of items evicted and never fetched.");
          slabCounter(
              out,
              u,
              slab,
              "expired_unfetched",
              "memcached_slab_items_expired_unfetched_total",
              "Total number of valid items evicted from the LRU which were never touched after being set.");
          slabCounter(
              out,
              u,
              slab,
              "outofmemory",
              "memcached_slab_items_outofmemory_total",
              "Total number of items for this slab class that have triggered an out of memory error.");
          slabCounter(
              out,
              u,
              slab,
              "reclaimed",
              "memcached_slab_items_reclaimed_total",
              "Total number of items reclaimed.");
          slabCounter(
              out,
              u,
              slab,
              "tailrepairs",
              "memcached_slab_items_tailrepairs_total",
              "Total number of times the entries for a particular ID need repairing.");
          slabCounter(
              out,
              u,
              slab,
              "moves_to_cold",
              "memcached_slab_items_moves_to_cold",
              "Number of items moved from HOT or WARM into COLD.");
          slabCounter(
              out,
              u,
              slab,
              "moves_to_warm",
              "memcached_slab_items_moves_to_warm",
              "Number of items moves from COLD into WARM.");
          slabCounter(
              out,
              u,
              slab,
              "moves_within_lru",
              "memcached_slab_items_moves_within_lru",
              "Number of times active items were bumped within HOT or WARM.");
          slabGauge(
              out,
              u,
              slab,
              "number_hot",
              "memcached_slab_hot_items",
              "Number of items presently stored in the HOT LRU.");
          slabGauge(
              out,
              u,
              slab,
              "number_warm",
              "memcached_slab_warm_items",
              "Number of items presently stored in the WARM LRU.");
          slabGauge(
              out,
              u,
              slab,
              "number_cold",
              "memcached_slab_cold_items",
              "Number of items presently stored in the COLD LRU.");
          slabGauge(
              out,
              u,
              slab,
              "number_temp",
              "memcached_slab_temporary_items",
              "Number of items presently stored in the TEMPORARY LRU.");
          slabGauge(
              out,
              u,
              slab,
              "age_hot",
              "memcached_slab_hot_age_seconds",
              "Age of the oldest item in HOT LRU.");
          slabGauge(
              out,
              u,
              slab,
              "age_warm",
              "memcached_slab_warm_age_seconds",
              "Age of the oldest item in WARM LRU.");
        });
  }

  private static void slabs(MetricFamilies out, Map<String, Map<String, String>> classes) {
    String cmd = "memcached_slab_commands_total";
    String cmdHelp =
        "Total number of all requests broken down by command (get, set, etc.) and status per slab.";
    classes.forEach(
        (slab, v) -> {
          for (String op : HIT_MISS_COMMANDS) {
            out.add(
                cmd,
                Type.COUNTER,
                cmdHelp,
                num(v, op + "_hits"),
                "slab",
                slab,
                "command",
                op,
                "status",
                "hit");
          }
          out.add(
              cmd,
              Type.COUNTER,
              cmdHelp,
              num(v, "cas_badval"),
              "slab",
              slab,
              "command",
              "cas",
              "status",
              "badval");
          double sets = num(v, "cmd_set") - num(v, "cas_hits") - num(v, "cas_badval");
          out.add(
              cmd, Type.COUNTER, cmdHelp, sets, "slab", slab, "command", "set", "status", "hit");
          slabGauge(
              out,
              v,
              slab,
              "chunk_size",
              "memcached_slab_chunk_size_bytes",
              "Number of bytes allocated to each chunk within this slab class.");
          slabGauge(
              out,
              v,
              slab,
              "chunks_per_page",
              "memcached_slab_chunks_per_page",
              "Number of chunks within a single page for this slab class.");
          slabGauge(
              out,
              v,
              slab,
              "total_pages",
              "memcached_slab_current_pages",
              "Number of pages allocated to this slab class.");
          slabGauge(
              out,
              v,
              slab,
              "total_chunks",
              "memcached_slab_current_chunks",
              "Number of chunks allocated to this slab class.");
          slabGauge(
              out,
              v,
              slab,
              "used_chunks",
              "memcached_slab_chunks_used",
              "Number of chunks allocated to an item.");
          slabGauge(
              out,
              v,
              slab,
              "free_chunks",
              "memcached_slab_chunks_free",
              "Number of chunks not yet allocated items.");
          slabGauge(
              out,
              v,
              slab,
              "free_chunks_end",
              "memcached_slab_chunks_free_end",
              "Number of free chunks at the end of the last allocated page.");
        });
  }

  /**
   * Splits {@code <prefix>N:field} keys by class id N (in numeric order); keys without a class
   * ({@code active_slabs}, {@code total_malloced}) are left out.
   */
  static Map<String, Map<String, String>> perClass(Map<String, String> stats, String prefix) {
    Map<Integer, Map<String, String>> byId = new TreeMap<>();
    stats.forEach(
        (k, v) -> {
          if (!k.startsWith(prefix)) {
            return;
          }
          String rest = k.substring(prefix.length());
          int colon = rest.indexOf(':');
          if (colon <= 0) {
            return;
          }
          try {
            int id = Integer.parseInt(rest.substring(0, colon));
            byId.computeIfAbsent(id, i -> new java.util.LinkedHashMap<>())
                .put(rest.substring(colon + 1), v);
          } catch (NumberFormatException e) {
            // not a per-class key
          }
        });
    Map<String, Map<String, String>> out = new java.util.LinkedHashMap<>();
    byId.forEach((id, m) -> out.put(Integer.toString(id), m));
    return out;
  }

  private static double num(Map<String, String> s, String key) {
    String v = s.get(key);
    if (v == null) {
      throw new IllegalStateException("stats has no " + key);
    }
    return Double.parseDouble(v);
  }

  private static void counter(
      MetricFamilies out, Map<String, String> s, String key, String name, String help) {
    out.add(name, Type.COUNTER, help, num(s, key));
  }

  private static void gauge(
      MetricFamilies out, Map<String, String> s, String key, String name, String help) {
    out.add(name, Type.GAUGE, help, num(s, key));
  }

  private static void slabGauge(
      MetricFamilies out,
      Map<String, String> u,
      String slab,
      String key,
      String name,
      String help) {
    if (u.containsKey(key)) {
      out.add(name, Type.GAUGE, help, num(u, key), "slab", slab);
    }
  }

  private static void slabCounter(
      MetricFamilies out,
      Map<String, String> u,
      String slab,
      String key,
      String name,
      String help) {
    if (u.containsKey(key)) {
      out.add(name, Type.COUNTER, help, num(u, key), "slab", slab);
    }
  }
}
