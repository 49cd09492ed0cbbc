package io.memkube.cacheserver.command;

import io.memkube.cacheserver.config.ServerSettings;
import io.memkube.cacheserver.config.Tuning;
import io.memkube.cacheserver.stats.PrefixStats;
import io.memkube.cacheserver.stats.ServerStats;
import io.memkube.cacheserver.stats.SlabCounters;
import io.memkube.cacheserver.stats.SlabCounters.Counter;
import io.memkube.cacheserver.storage.ClassTally;
import io.memkube.cacheserver.storage.SlabClasses;
import io.memkube.cacheserver.storage.StorageStats;
import io.memkube.cacheserver.tls.TlsOptions;
import io.memkube.protocol.request.ErrorLines;
import io.memkube.protocol.request.Request;
import io.netty.buffer.ByteBuf;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * {@code stats} and its subcommands, in memcached's field order (clients parse it). Fields that
 * describe memcached internals we do not have (libevent, slab rebalancer, LRU crawler) are kept
 * with neutral values so that parsers find them.
 */
final class StatsCommand {
  private static final String DETAIL_USAGE = "CLIENT_ERROR usage: stats detail on|off|dump";

  private final ConnectionContext ctx;

  StatsCommand(ConnectionContext ctx) {
    this.ctx = ctx;
  }

  void execute(Request req, ByteBuf out) {
    if (req.tokenCount() == 1) {
      general(out);
      return;
    }
    if (req.tokenEquals(1, "reset")) {
      ctx.stats.reset();
      out.writeBytes(Replies.RESET);
    } else if (req.tokenEquals(1, "settings")) {
      settings(out);
    } else if (req.tokenEquals(1, "items")) {
      items(out);
    } else if (req.tokenEquals(1, "slabs")) {
      slabs(out);
    } else if (req.tokenEquals(1, "conns")) {
      conns(out);
    } else if (req.tokenEquals(1, "sizes")) {
      stat(out, "sizes_status", "disabled");
      out.writeBytes(Replies.END);
    } else if (req.tokenEquals(1, "detail")) {
      detail(req, out);
    } else {
      Replies.line(out, ErrorLines.ERROR);
    }
  }

  private static void stat(ByteBuf out, String name, Object value) {
    out.writeCharSequence("STAT " + name + " " + value + "\r\n", StandardCharsets.ISO_8859_1);
  }

  private void general(ByteBuf out) {
    ServerStats s = ctx.stats;
    ServerSettings cfg = ctx.settings;
    StorageStats st = ctx.cache.stats();
    long now = System.currentTimeMillis();
    var os = ManagementFactory.getOperatingSystemMXBean();
    double cpu =
        os instanceof com.sun.management.OperatingSystemMXBean sun
            ? sun.getProcessCpuTime() / 1e9
            : 0;
    stat(out, "pid", ProcessHandle.current().pid());
    stat(out, "uptime", ctx.cache.clock().now() - 62 + 2);
    stat(out, "time", now / 1000);
    stat(out, "version", ServerSettings.VERSION);
    stat(out, "libevent", "netty");
    stat(out, "pointer_size", 64);
    stat(out, "rusage_user", String.format("%.6f", cpu));
    stat(out, "rusage_system", "0.000000");
    stat(out, "max_connections", cfg.maxConnections());
    stat(out, "curr_connections", s.currConnections.get());
    stat(out, "total_connections", s.totalConnections.sum());
    stat(out, "rejected_connections", s.rejectedConnections.sum());
    stat(out, "connection_structures", s.currConnections.get());
    stat(out, "response_obj_oom", 0);
    stat(out, "response_obj_count", 0);
    stat(out, "response_obj_bytes", 0);
    stat(out, "read_buf_count", 0);
    stat(out, "read_buf_bytes", 0);
    stat(out, "read_buf_bytes_free", 0);
    stat(out, "read_buf_oom", 0);
    stat(out, "reserved_fds", 20);
    stat(out, "cmd_get", s.cmdGet.sum());
    stat(out, "cmd_set", s.slabs.sum(Counter.CMD_SET));
    stat(out, "cmd_flush", s.cmdFlush.sum());
    stat(out, "cmd_touch", s.cmdTouch.sum());
    stat(out, "cmd_meta", s.cmdMeta.sum());
    stat(out, "get_hits", s.slabs.sum(Counter.GET_HITS));
    stat(out, "get_misses", s.getMisses.sum());
    stat(out, "get_expired", s.getExpired.sum());
    stat(out, "get_flushed", s.getFlushed.sum());
    stat(out, "delete_misses", s.deleteMisses.sum());
    stat(out, "delete_hits", s.slabs.sum(Counter.DELETE_HITS));
    stat(out, "incr_misses", s.incrMisses.sum());
    stat(out, "incr_hits", s.slabs.sum(Counter.INCR_HITS));
    stat(out, "decr_misses", s.decrMisses.sum());
    stat(out, "decr_hits", s.slabs.sum(Counter.DECR_HITS));
    stat(out, "cas_misses", s.casMisses.sum());
    stat(out, "cas_hits", s.slabs.sum(Counter.CAS_HITS));
    stat(out, "cas_badval", s.slabs.sum(Counter.CAS_BADVAL));
    stat(out, "touch_hits", s.slabs.sum(Counter.TOUCH_HITS));
    stat(out, "touch_misses", s.touchMisses.sum());
    stat(out, "store_too_large", s.storeTooLarge.sum());
    stat(out, "store_no_memory", s.storeNoMemory.sum());
    stat(out, "auth_cmds", s.authCmds.sum());
    stat(out, "auth_errors", s.authErrors.sum());
    if (cfg.tuning().idleTimeout() > 0) {
      // memcached lists it only when idle connections are being closed
      stat(out, "idle_kicks", s.idleKicks.sum());
    }
    stat(out, "bytes_read", s.bytesRead.sum());
    stat(out, "bytes_written", s.bytesWritten.sum());
    stat(out, "limit_maxbytes", st.limitBytes);
    stat(out, "accepting_conns", 1);
    stat(out, "listen_disabled_num", 0);
    stat(out, "time_in_listen_disabled_us", 0);
    stat(out, "threads", cfg.threads());
    stat(out, "conn_yields", 0);
    stat(out, "hash_power_level", 63 - Long.numberOfLeadingZeros(Math.max(1, st.hashSlots)));
    stat(out, "hash_bytes", st.hashBytes);
    stat(out, "hash_is_expanding", 0);
    for (String zero :
        new String[] {
          "slab_reassign_rescues",
          "slab_reassign_chunk_rescues",
          "slab_reassign_evictions_nomem",
          "slab_reassign_inline_reclaim",
          "slab_reassign_busy_items",
          "slab_reassign_busy_deletes",
          "slab_reassign_running",
          "slabs_moved",
          "lru_crawler_running",
          "lru_crawler_starts",
          "lru_maintainer_juggles",
          "malloc_fails",
          "log_worker_dropped",
          "log_worker_written",
          "log_watcher_skipped",
          "log_watcher_sent",
          "log_watchers"
        }) {
      stat(out, zero, 0);
    }
    if (cfg.tuning().tlsEnabled()) {
      // memcached lists these only with -Z
      stat(out, "ssl_handshake_errors", s.sslHandshakeErrors.sum());
      stat(
          out,
          "time_since_server_cert_refresh",
          (System.currentTimeMillis() - s.certsReadAtMillis) / 1000);
    }
    stat(out, "unexpected_napi_ids", 0);
    stat(out, "round_robin_fallback", 0);
    stat(out, "bytes", st.bytes);
    stat(out, "curr_items", st.currItems);
    stat(out, "total_items", st.totalItems);
    stat(out, "slab_global_page_pool", 0);
    stat(out, "expired_unfetched", st.expiredUnfetched);
    stat(out, "evicted_unfetched", st.evictedUnfetched);
    stat(out, "evicted_active", st.evictedActive);
    stat(out, "evictions", st.evictions);
    stat(out, "reclaimed", st.reclaimed);
    for (String zero :
        new String[] {
          "crawler_reclaimed",
          "crawler_items_checked",
          "lrutail_reflocked",
          "moves_to_cold",
          "moves_to_warm",
          "moves_within_lru",
          "direct_reclaims",
          "lru_bumps_dropped"
        }) {
      stat(out, zero, 0);
    }
    out.writeBytes(Replies.END);
  }

  private void settings(ByteBuf out) {
    ServerSettings cfg = ctx.settings;
    Tuning t = cfg.tuning();
    stat(out, "maxbytes", ctx.cache.limitBytes());
    stat(out, "maxconns", cfg.maxConnections());
    stat(out, "tcpport", cfg.port());
    stat(out, "udpport", 0);
    stat(out, "inter", cfg.listen() == null ? "NULL" : cfg.listen());
    stat(out, "verbosity", ctx.stats.verbosity);
    stat(out, "oldest", 0);
    stat(out, "evictions", cfg.evictionsEnabled() ? "on" : "off");
    stat(out, "domain_socket", "NULL");
    stat(out, "umask", 700);
    stat(out, "shutdown_command", yesNo(cfg.shutdownEnabled()));
    stat(out, "growth_factor", Tuning.twoDecimals(t.growthFactor()));
    stat(out, "chunk_size", t.chunkSize());
    stat(out, "num_threads", cfg.threads());
    stat(out, "num_threads_per_udp", cfg.threads());
    stat(out, "stat_key_prefix", t.prefixDelimiter());
    stat(out, "detail_enabled", yesNo(ctx.stats.prefixes.enabled()));
    stat(out, "reqs_per_event", t.reqsPerEvent());
    stat(out, "cas_enabled", yesNo(t.casEnabled()));
    stat(out, "tcp_backlog", cfg.tcpBacklog());
    // the text and meta protocols only: memcached's "auto-negotiate" would promise binary too
    stat(out, "binding_protocol", "ascii");
    stat(out, "auth_enabled_sasl", "no");
    // memcached shows the file's path when -Y is on
    stat(out, "auth_enabled_ascii", t.authFile() == null ? "no" : t.authFile());
    stat(out, "item_size_max", cfg.itemSizeMax());
    stat(out, "maxconns_fast", yesNo(t.maxconnsFast()));
    stat(out, "hashpower_init", t.hashpowerInit());
    stat(out, "slab_reassign", yesNo(t.slabReassign()));
    stat(out, "slab_automove", t.slabAutomove());
    stat(out, "slab_automove_ratio", Tuning.twoDecimals(t.slabAutomoveRatio()));
    stat(out, "slab_automove_window", t.slabAutomoveWindow());
    stat(out, "slab_chunk_max", t.slabChunkMax());
    stat(out, "lru_crawler", yesNo(t.lruCrawler()));
    stat(out, "lru_crawler_sleep", t.lruCrawlerSleep());
    stat(out, "lru_crawler_tocrawl", t.lruCrawlerTocrawl());
    stat(out, "tail_repair_time", t.tailRepairTime());
    stat(out, "flush_enabled", yesNo(t.flushEnabled()));
    stat(out, "dump_enabled", yesNo(t.dumpEnabled()));
    // memkube's index has a hash of its own; its LRU is one segment per shard (see the docs)
    stat(out, "hash_algorithm", "memkube");
    stat(out, "lru_maintainer_thread", "yes");
    stat(out, "lru_segmented", "no");
    stat(out, "hot_lru_pct", t.hotLruPct());
    stat(out, "warm_lru_pct", t.warmLruPct());
    stat(out, "hot_max_factor", Tuning.twoDecimals(t.hotMaxFactor()));
    stat(out, "warm_max_factor", Tuning.twoDecimals(t.warmMaxFactor()));
    stat(out, "temp_lru", yesNo(t.tempLru()));
    stat(out, "temporary_ttl", t.temporaryTtl());
    stat(out, "idle_timeout", t.idleTimeout());
    stat(out, "watcher_logbuf_size", t.watcherLogbufSize());
    stat(out, "worker_logbuf_size", t.workerLogbufSize());
    stat(out, "read_buf_mem_limit", t.readBufMemLimit());
    stat(out, "track_sizes", yesNo(t.trackSizes()));
    stat(out, "inline_ascii_response", "no");
    stat(
        out,
        "slab_automove_freeratio",
        String.format(Locale.ROOT, "%.3f", t.slabAutomoveFreeratio()));
    TlsOptions tls = t.tls();
    // memcached's spellings: "(null)" for the certificate and key, "NULL" for the others
    stat(out, "ssl_enabled", yesNo(t.tlsEnabled()));
    stat(out, "ssl_chain_cert", tls.chainCert() == null ? "(null)" : tls.chainCert());
    stat(out, "ssl_key", tls.key() == null ? "(null)" : tls.key());
    stat(out, "ssl_verify_mode", tls.verifyModeFlags());
    stat(out, "ssl_keyformat", tls.keyFormat());
    stat(out, "ssl_ciphers", tls.ciphers() == null ? "NULL" : tls.ciphers());
    stat(out, "ssl_ca_cert", tls.caCert() == null ? "NULL" : tls.caCert());
    stat(out, "ssl_wbuf_size", tls.wbufSizeKb() * 1024);
    stat(out, "ssl_session_cache", yesNo(tls.sessionCache()));
    stat(out, "ssl_kernel_tls", yesNo(tls.kernelTls()));
    stat(out, "ssl_min_version", tls.minVersionName());
    stat(out, "num_napi_ids", "(null)");
    stat(out, "memory_file", "(null)");
    out.writeBytes(Replies.END);
  }

  private static String yesNo(boolean b) {
    return b ? "yes" : "no";
  }

  /**
   * Per memcached slab class with items: memkube counts each item in the class memcached would put
   * it in. memkube's LRU has no segments: every item is reported COLD, every hit a hit to COLD, and
   * the age is the cache's oldest item's (the LRU tail memcached reports per class).
   */
  private void items(ByteBuf out) {
    StorageStats st = ctx.cache.stats();
    ClassTally c = st.classes;
    SlabCounters hits = ctx.stats.slabs;
    for (int id = 1; id <= st.slabClasses.count(); id++) {
      if (c.items[id] <= 0) {
        continue;
      }
      String p = "items:" + id + ":";
      stat(out, p + "number", c.items[id]);
      stat(out, p + "number_hot", 0);
      stat(out, p + "number_warm", 0);
      stat(out, p + "number_cold", c.items[id]);
      stat(out, p + "age_hot", 0);
      stat(out, p + "age_warm", 0);
      stat(out, p + "age", st.oldestItemAge);
      stat(out, p + "mem_requested", c.requested[id]);
      stat(out, p + "evicted", c.evicted[id]);
      stat(out, p + "evicted_nonzero", c.evictedNonzero[id]);
      stat(out, p + "evicted_time", c.evictedTime[id]);
      stat(out, p + "outofmemory", 0);
      stat(out, p + "tailrepairs", 0);
      stat(out, p + "reclaimed", c.reclaimed[id]);
      stat(out, p + "expired_unfetched", c.expiredUnfetched[id]);
      stat(out, p + "evicted_unfetched", c.evictedUnfetched[id]);
      stat(out, p + "evicted_active", 0);
      stat(out, p + "crawler_reclaimed", 0);
      stat(out, p + "crawler_items_checked", 0);
      stat(out, p + "lrutail_reflocked", 0);
      stat(out, p + "moves_to_cold", 0);
      stat(out, p + "moves_to_warm", 0);
      stat(out, p + "moves_within_lru", 0);
      stat(out, p + "direct_reclaims", 0);
      stat(out, p + "hits_to_hot", 0);
      stat(out, p + "hits_to_warm", 0);
      stat(
          out,
          p + "hits_to_cold",
          hits.get(Counter.GET_HITS, id) + hits.get(Counter.TOUCH_HITS, id));
      stat(out, p + "hits_to_temp", 0);
    }
    out.writeBytes(Replies.END);
  }

  /**
   * memcached's chunk accounting: each item is one used chunk of its class; a class has the pages
   * its items fill (memcached keeps pages a class once used). {@code total_malloced} is the memory
   * memkube has really allocated for items.
   */
  private void slabs(ByteBuf out) {
    StorageStats st = ctx.cache.stats();
    SlabClasses classes = st.slabClasses;
    SlabCounters counters = ctx.stats.slabs;
    int active = 0;
    for (int id = 1; id <= classes.count(); id++) {
      long used = st.classes.items[id];
      if (used <= 0) {
        continue;
      }
      active++;
      int perPage = classes.chunksPerPage(id);
      long pages = st.memcachedPages(id);
      String p = id + ":";
      stat(out, p + "chunk_size", classes.chunkSize(id));
      stat(out, p + "chunks_per_page", perPage);
      stat(out, p + "total_pages", pages);
      stat(out, p + "total_chunks", pages * perPage);
      stat(out, p + "used_chunks", used);
      stat(out, p + "free_chunks", pages * perPage - used);
      stat(out, p + "free_chunks_end", 0);
      for (Counter c : Counter.values()) {
        stat(out, p + c.statName, counters.get(c, id));
      }
    }
    stat(out, "active_slabs", active);
    stat(out, "total_malloced", (long) st.pagesAllocated * st.pageSize);
    out.writeBytes(Replies.END);
  }

  /** {@code stats detail on|off|dump}, memcached's per-prefix statistics. */
  private void detail(Request req, ByteBuf out) {
    PrefixStats prefixes = ctx.stats.prefixes;
    if (req.tokenCount() < 3) {
      Replies.line(out, DETAIL_USAGE);
    } else if (req.tokenEquals(2, "on")) {
      prefixes.enable(true);
      out.writeBytes(Replies.OK);
    } else if (req.tokenEquals(2, "off")) {
      prefixes.enable(false);
      out.writeBytes(Replies.OK);
    } else if (req.tokenEquals(2, "dump")) {
      out.writeCharSequence(prefixes.dump(), StandardCharsets.ISO_8859_1);
      out.writeBytes(Replies.END);
    } else {
      Replies.line(out, DETAIL_USAGE);
    }
  }

  private void conns(ByteBuf out) {
    ctx.connections.forEach(
        c -> {
          String p = c.id() + ":";
          stat(out, p + "addr", c.addr());
          if (c.listenAddr() != null) {
            stat(out, p + "listen_addr", c.listenAddr());
          }
          stat(out, p + "state", c.state());
          stat(out, p + "secs_since_last_cmd", c.idleSecs());
        });
    out.writeBytes(Replies.END);
  }
}
