package io.memkube.cacheserver.stats;

import io.memkube.cacheserver.config.ServerSettings;
import io.memkube.cacheserver.config.Tuning;
import io.memkube.cacheserver.stats.SlabCounters.Counter;
import io.memkube.cacheserver.storage.Cache;
import io.memkube.cacheserver.storage.ClassTally;
import io.memkube.cacheserver.storage.SlabClasses;
import io.memkube.cacheserver.storage.StorageStats;
import io.memkube.cacheserver.tls.TlsOptions;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The name/value lists of {@code stats}, {@code stats settings}, {@code stats items} and {@code
 * stats slabs}, in memcached 1.6.18's order (clients and exporters parse them). The protocol
 * command prints them and {@code /metrics} reads its values from them, so the two cannot disagree.
 * Fields that describe memcached internals memkube does not have (libevent, slab rebalancer, LRU
 * crawler) are kept with neutral values so that parsers find them.
 */
public final class StatsReport {
  /** The slab rebalancer's counters, listed while {@code slab_reassign} is on. */
  private static final String[] SLAB_REASSIGN = {
    "slab_reassign_rescues",
    "slab_reassign_chunk_rescues",
    "slab_reassign_evictions_nomem",
    "slab_reassign_inline_reclaim",
    "slab_reassign_busy_items",
    "slab_reassign_busy_deletes",
    "slab_reassign_running",
    "slabs_moved"
  };

  private static final String[] ZERO_AFTER_HASH = {
    "malloc_fails", "log_worker_dropped", "log_worker_written"
  };

  private static final String[] ZERO_AFTER_TLS = {"unexpected_napi_ids", "round_robin_fallback"};

  private static final String[] ZERO_AT_END = {
    "crawler_reclaimed", "crawler_items_checked", "lrutail_reflocked"
  };

  /** The LRU maintainer's counters, listed while it runs. */
  private static final String[] LRU_MAINTAINER_AT_END = {
    "moves_to_cold", "moves_to_warm", "moves_within_lru", "direct_reclaims", "lru_bumps_dropped"
  };

  private StatsReport() {}

  /** Plain {@code stats}. */
  public static Map<String, String> general(
      ServerStats s, ServerSettings cfg, Cache cache, StorageStats st) {
    Map<String, String> m = new LinkedHashMap<>();
    // memcached lists some counters only while the feature behind them is on: same flags, same keys
    Tuning t = cfg.tuning();
    var os = ManagementFactory.getOperatingSystemMXBean();
    double cpu =
        os instanceof com.sun.management.OperatingSystemMXBean sun
            ? sun.getProcessCpuTime() / 1e9
            : 0;
    put(m, "pid", ProcessHandle.current().pid());
    // memcached's clock starts at 2 s after its process_started, which lies 60 s back
    put(m, "uptime", cache.clock().now() - 62 + 2);
    put(m, "time", System.currentTimeMillis() / 1000);
    put(m, "version", ServerSettings.VERSION);
    put(m, "libevent", "netty");
    put(m, "pointer_size", 64);
    put(m, "rusage_user", String.format(Locale.ROOT, "%.6f", cpu));
    put(m, "rusage_system", "0.000000");
    put(m, "max_connections", cfg.maxConnections());
    put(m, "curr_connections", s.currConnections.get());
    put(m, "total_connections", s.totalConnections.sum());
    if (t.maxconnsFast()) {
      put(m, "rejected_connections", s.rejectedConnections.sum());
    }
    put(m, "connection_structures", s.currConnections.get());
    put(m, "response_obj_oom", 0);
    put(m, "response_obj_count", 0);
    put(m, "response_obj_bytes", 0);
    put(m, "read_buf_count", 0);
    put(m, "read_buf_bytes", 0);
    put(m, "read_buf_bytes_free", 0);
    put(m, "read_buf_oom", 0);
    put(m, "reserved_fds", 20);
    put(m, "cmd_get", s.cmdGet.sum());
    put(m, "cmd_set", s.slabs.sum(Counter.CMD_SET));
    put(m, "cmd_flush", s.cmdFlush.sum());
    put(m, "cmd_touch", s.cmdTouch.sum());
    put(m, "cmd_meta", s.cmdMeta.sum());
    put(m, "get_hits", s.slabs.sum(Counter.GET_HITS));
    put(m, "get_misses", s.getMisses.sum());
    put(m, "get_expired", s.getExpired.sum());
    put(m, "get_flushed", s.getFlushed.sum());
    put(m, "delete_misses", s.deleteMisses.sum());
    put(m, "delete_hits", s.slabs.sum(Counter.DELETE_HITS));
    put(m, "incr_misses", s.incrMisses.sum());
    put(m, "incr_hits", s.slabs.sum(Counter.INCR_HITS));
    put(m, "decr_misses", s.decrMisses.sum());
    put(m, "decr_hits", s.slabs.sum(Counter.DECR_HITS));
    put(m, "cas_misses", s.casMisses.sum());
    put(m, "cas_hits", s.slabs.sum(Counter.CAS_HITS));
    put(m, "cas_badval", s.slabs.sum(Counter.CAS_BADVAL));
    put(m, "touch_hits", s.slabs.sum(Counter.TOUCH_HITS));
    put(m, "touch_misses", s.touchMisses.sum());
    put(m, "store_too_large", s.storeTooLarge.sum());
    put(m, "store_no_memory", s.storeNoMemory.sum());
    put(m, "auth_cmds", s.authCmds.sum());
    put(m, "auth_errors", s.authErrors.sum());
    if (cfg.tuning().idleTimeout() > 0) {
      // memcached lists it only when idle connections are being closed
      put(m, "idle_kicks", s.idleKicks.sum());
    }
    put(m, "bytes_read", s.bytesRead.sum());
    put(m, "bytes_written", s.bytesWritten.sum());
    put(m, "limit_maxbytes", st.limitBytes);
    put(m, "accepting_conns", 1);
    put(m, "listen_disabled_num", 0);
    put(m, "time_in_listen_disabled_us", 0);
    put(m, "threads", cfg.threads());
    put(m, "conn_yields", s.connYields.sum());
    put(m, "hash_power_level", st.hashPowerLevel);
    put(m, "hash_bytes", st.hashBytes);
    put(m, "hash_is_expanding", 0);
    if (t.slabReassign()) {
      for (String zero : SLAB_REASSIGN) {
        put(m, zero, 0);
      }
    }
    if (cache.crawler().enabled()) {
      put(m, "lru_crawler_running", cache.crawler().running() ? 1 : 0);
      put(m, "lru_crawler_starts", cache.crawler().starts());
    }
    if (t.lruMaintainer()) {
      put(m, "lru_maintainer_juggles", 0);
    }
    for (String zero : ZERO_AFTER_HASH) {
      put(m, zero, 0);
    }
    put(m, "log_watcher_skipped", s.logWatcherSkipped.sum());
    put(m, "log_watcher_sent", s.logWatcherSent.sum());
    put(m, "log_watchers", s.logWatchers.get());
    if (t.tlsEnabled()) {
      // memcached lists these only with -Z
      put(m, "ssl_handshake_errors", s.sslHandshakeErrors.sum());
      put(
          m,
          "time_since_server_cert_refresh",
          (System.currentTimeMillis() - s.certsReadAtMillis) / 1000);
    }
    for (String zero : ZERO_AFTER_TLS) {
      put(m, zero, 0);
    }
    put(m, "bytes", st.bytes);
    put(m, "curr_items", st.currItems);
    put(m, "total_items", st.totalItems);
    put(m, "slab_global_page_pool", 0);
    put(m, "expired_unfetched", st.expiredUnfetched);
    put(m, "evicted_unfetched", st.evictedUnfetched);
    if (t.lruMaintainer()) {
      put(m, "evicted_active", st.evictedActive);
    }
    put(m, "evictions", st.evictions);
    put(m, "reclaimed", st.reclaimed);
    for (String zero : ZERO_AT_END) {
      put(m, zero, 0);
    }
    if (t.lruMaintainer()) {
      for (String zero : LRU_MAINTAINER_AT_END) {
        put(m, zero, 0);
      }
    }
    return m;
  }

  /** {@code stats settings}: the flags the server was started with, as memcached shows them. */
  public static Map<String, String> settings(ServerStats s, ServerSettings cfg, Cache cache) {
    Map<String, String> m = new LinkedHashMap<>();
    Tuning t = cfg.tuning();
    put(m, "maxbytes", cache.limitBytes());
    put(m, "maxconns", cfg.maxConnections());
    put(m, "tcpport", cfg.port());
    put(m, "udpport", 0);
    put(m, "inter", cfg.listen() == null ? "NULL" : cfg.listen());
    put(m, "verbosity", s.verbosity);
    put(m, "oldest", 0);
    put(m, "evictions", cfg.evictionsEnabled() ? "on" : "off");
    put(m, "domain_socket", "NULL");
    put(m, "umask", 700);
    put(m, "shutdown_command", yesNo(cfg.shutdownEnabled()));
    put(m, "growth_factor", Tuning.twoDecimals(t.growthFactor()));
    put(m, "chunk_size", t.chunkSize());
    put(m, "num_threads", cfg.threads());
    put(m, "num_threads_per_udp", cfg.threads());
    put(m, "stat_key_prefix", t.prefixDelimiter());
    put(m, "detail_enabled", yesNo(s.prefixes.enabled()));
    put(m, "reqs_per_event", t.reqsPerEvent());
    put(m, "cas_enabled", yesNo(t.casEnabled()));
    put(m, "tcp_backlog", cfg.tcpBacklog());
    put(m, "binding_protocol", t.bindingProtocol().statsName());
    put(m, "auth_enabled_sasl", "no");
    // memcached shows the file's path when -Y is on
    put(m, "auth_enabled_ascii", t.authFile() == null ? "no" : t.authFile());
    put(m, "item_size_max", cfg.itemSizeMax());
    put(m, "maxconns_fast", yesNo(t.maxconnsFast()));
    put(m, "hashpower_init", t.hashpowerInit());
    put(m, "slab_reassign", yesNo(t.slabReassign()));
    put(m, "slab_automove", t.slabAutomove());
    put(m, "slab_automove_ratio", Tuning.twoDecimals(t.slabAutomoveRatio()));
    put(m, "slab_automove_window", t.slabAutomoveWindow());
    put(m, "slab_chunk_max", t.slabChunkMax());
    put(m, "lru_crawler", yesNo(cache.crawler().enabled()));
    put(m, "lru_crawler_sleep", t.lruCrawlerSleep());
    put(m, "lru_crawler_tocrawl", t.lruCrawlerTocrawl());
    put(m, "tail_repair_time", t.tailRepairTime());
    put(m, "flush_enabled", yesNo(t.flushEnabled()));
    put(m, "dump_enabled", yesNo(t.dumpEnabled()));
    // memkube's index has a hash of its own; its LRU is one segment per shard (see the docs)
    put(m, "hash_algorithm", "memkube");
    put(m, "lru_maintainer_thread", yesNo(t.lruMaintainer()));
    put(m, "lru_segmented", "no");
    put(m, "hot_lru_pct", t.hotLruPct());
    put(m, "warm_lru_pct", t.warmLruPct());
    put(m, "hot_max_factor", Tuning.twoDecimals(t.hotMaxFactor()));
    put(m, "warm_max_factor", Tuning.twoDecimals(t.warmMaxFactor()));
    put(m, "temp_lru", yesNo(t.tempLru()));
    put(m, "temporary_ttl", t.temporaryTtl());
    put(m, "idle_timeout", t.idleTimeout());
    put(m, "watcher_logbuf_size", t.watcherLogbufSize());
    put(m, "worker_logbuf_size", t.workerLogbufSize());
    put(m, "read_buf_mem_limit", t.readBufMemLimit());
    put(m, "track_sizes", yesNo(t.trackSizes()));
    put(m, "inline_ascii_response", "no");
    put(
        m,
        "slab_automove_freeratio",
        String.format(Locale.ROOT, "%.3f", t.slabAutomoveFreeratio()));
    TlsOptions tls = t.tls();
    // memcached's spellings: "(null)" for the certificate and key, "NULL" for the others
    put(m, "ssl_enabled", t.tlsEnabled() ? "yes" : "no");
    put(m, "ssl_chain_cert", tls.chainCert() == null ? "(null)" : tls.chainCert());
    put(m, "ssl_key", tls.key() == null ? "(null)" : tls.key());
    put(m, "ssl_verify_mode", tls.verifyModeFlags());
    put(m, "ssl_keyformat", tls.keyFormat());
    put(m, "ssl_ciphers", tls.ciphers() == null ? "NULL" : tls.ciphers());
    put(m, "ssl_ca_cert", tls.caCert() == null ? "NULL" : tls.caCert());
    put(m, "ssl_wbuf_size", tls.wbufSizeKb() * 1024);
    put(m, "ssl_session_cache", tls.sessionCache() ? "yes" : "no");
    put(m, "ssl_kernel_tls", tls.kernelTls() ? "yes" : "no");
    put(m, "ssl_min_version", tls.minVersionName());
    put(m, "num_napi_ids", "(null)");
    put(m, "memory_file", t.memoryFile() == null ? "(null)" : t.memoryFile());
    return m;
  }

  /**
   * {@code stats items}, per memcached slab class with items: memkube counts each item in the class
   * memcached would put it in. memkube's LRU has no segments: every item is reported COLD, every
   * hit a hit to COLD, and the age is the cache's oldest item's (the LRU tail memcached reports per
   * class).
   */
  public static Map<String, String> items(ServerStats s, Tuning t, StorageStats st) {
    Map<String, String> m = new LinkedHashMap<>();
    ClassTally c = st.classes;
    SlabCounters hits = s.slabs;
    for (int id = 1; id <= st.slabClasses.count(); id++) {
      if (c.items[id] <= 0) {
        continue;
      }
      String p = "items:" + id + ":";
      put(m, p + "number", c.items[id]);
      if (t.lruSegmented()) {
        put(m, p + "number_hot", 0);
        put(m, p + "number_warm", 0);
        put(m, p + "number_cold", c.items[id]);
        if (t.tempLru()) {
          put(m, p + "number_temp", 0);
        }
        put(m, p + "age_hot", 0);
        put(m, p + "age_warm", 0);
      }
      put(m, p + "age", st.oldestItemAge);
      put(m, p + "mem_requested", c.requested[id]);
      put(m, p + "evicted", c.evicted[id]);
      put(m, p + "evicted_nonzero", c.evictedNonzero[id]);
      put(m, p + "evicted_time", c.evictedTime[id]);
      put(m, p + "outofmemory", 0);
      put(m, p + "tailrepairs", 0);
      put(m, p + "reclaimed", c.reclaimed[id]);
      put(m, p + "expired_unfetched", c.expiredUnfetched[id]);
      put(m, p + "evicted_unfetched", c.evictedUnfetched[id]);
      if (t.lruMaintainer()) {
        put(m, p + "evicted_active", 0);
      }
      put(m, p + "crawler_reclaimed", c.crawlerReclaimed[id]);
      put(m, p + "crawler_items_checked", 0);
      put(m, p + "lrutail_reflocked", 0);
      if (!t.lruMaintainer()) {
        continue;
      }
      put(m, p + "moves_to_cold", 0);
      put(m, p + "moves_to_warm", 0);
      put(m, p + "moves_within_lru", 0);
      put(m, p + "direct_reclaims", 0);
      put(m, p + "hits_to_hot", 0);
      put(m, p + "hits_to_warm", 0);
      put(m, p + "hits_to_cold", hits.get(Counter.GET_HITS, id) + hits.get(Counter.TOUCH_HITS, id));
      put(m, p + "hits_to_temp", 0);
    }
    return m;
  }

  /**
   * {@code stats slabs}, memcached's chunk accounting: each item is one used chunk of its class; a
   * class has the pages its items fill (memcached keeps pages a class once used). {@code
   * total_malloced} is the memory memkube has really allocated for items (plus memcached's {@code
   * T_MEMD_INITIAL_MALLOC}, when set).
   */
  public static Map<String, String> slabs(ServerStats s, StorageStats st) {
    Map<String, String> m = new LinkedHashMap<>();
    SlabClasses classes = st.slabClasses;
    int active = 0;
    for (int id = 1; id <= classes.count(); id++) {
      long used = st.classes.items[id];
      if (used <= 0 && !st.classes.used[id]) {
        continue; // memcached lists a class from its first page on, and keeps its pages
      }
      active++;
      int perPage = classes.chunksPerPage(id);
      long pages = st.memcachedPages(id);
      String p = id + ":";
      put(m, p + "chunk_size", classes.chunkSize(id));
      put(m, p + "chunks_per_page", perPage);
      put(m, p + "total_pages", pages);
      put(m, p + "total_chunks", pages * perPage);
      put(m, p + "used_chunks", used);
      put(m, p + "free_chunks", pages * perPage - used);
      put(m, p + "free_chunks_end", 0);
      for (Counter c : Counter.values()) {
        put(m, p + c.statName, s.slabs.get(c, id));
      }
    }
    put(m, "active_slabs", active);
    put(m, "total_malloced", st.mallocedBefore + (long) st.pagesAllocated * st.pageSize);
    return m;
  }

  private static void put(Map<String, String> m, String name, Object value) {
    m.put(name, String.valueOf(value));
  }

  private static String yesNo(boolean b) {
    return b ? "yes" : "no";
  }
}
