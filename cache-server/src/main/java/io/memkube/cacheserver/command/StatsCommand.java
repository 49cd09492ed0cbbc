package io.memkube.cacheserver.command;

import io.memkube.cacheserver.config.ServerSettings;
import io.memkube.cacheserver.stats.ServerStats;
import io.memkube.cacheserver.storage.StorageStats;
import io.memkube.protocol.request.ErrorLines;
import io.memkube.protocol.request.Request;
import io.netty.buffer.ByteBuf;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * {@code stats} and its subcommands, in memcached's field order (clients parse it). Fields that
 * describe memcached internals we do not have (libevent, slab rebalancer, LRU crawler) are kept
 * with neutral values so that parsers find them.
 */
final class StatsCommand {
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
      Replies.line(out, "CLIENT_ERROR usage: stats detail on|off|dump");
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
    stat(out, "cmd_set", s.cmdSet.sum());
    stat(out, "cmd_flush", s.cmdFlush.sum());
    stat(out, "cmd_touch", s.cmdTouch.sum());
    stat(out, "cmd_meta", s.cmdMeta.sum());
    stat(out, "get_hits", s.getHits.sum());
    stat(out, "get_misses", s.getMisses.sum());
    stat(out, "get_expired", s.getExpired.sum());
    stat(out, "get_flushed", s.getFlushed.sum());
    stat(out, "delete_misses", s.deleteMisses.sum());
    stat(out, "delete_hits", s.deleteHits.sum());
    stat(out, "incr_misses", s.incrMisses.sum());
    stat(out, "incr_hits", s.incrHits.sum());
    stat(out, "decr_misses", s.decrMisses.sum());
    stat(out, "decr_hits", s.decrHits.sum());
    stat(out, "cas_misses", s.casMisses.sum());
    stat(out, "cas_hits", s.casHits.sum());
    stat(out, "cas_badval", s.casBadval.sum());
    stat(out, "touch_hits", s.touchHits.sum());
    stat(out, "touch_misses", s.touchMisses.sum());
    stat(out, "store_too_large", s.storeTooLarge.sum());
    stat(out, "store_no_memory", s.storeNoMemory.sum());
    stat(out, "auth_cmds", 0);
    stat(out, "auth_errors", 0);
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
          "log_watchers",
          "unexpected_napi_ids",
          "round_robin_fallback"
        }) {
      stat(out, zero, 0);
    }
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
    stat(out, "shutdown_command", cfg.shutdownEnabled() ? "yes" : "no");
    stat(out, "growth_factor", "1.25");
    stat(out, "chunk_size", 48);
    stat(out, "num_threads", cfg.threads());
    stat(out, "num_threads_per_udp", cfg.threads());
    stat(out, "stat_key_prefix", ":");
    stat(out, "detail_enabled", "no");
    stat(out, "reqs_per_event", 20);
    stat(out, "cas_enabled", "yes");
    stat(out, "tcp_backlog", cfg.tcpBacklog());
    stat(out, "binding_protocol", "ascii");
    stat(out, "auth_enabled_sasl", "no");
    stat(out, "auth_enabled_ascii", "no");
    stat(out, "item_size_max", cfg.itemSizeMax());
    stat(out, "maxconns_fast", "yes");
    stat(out, "hashpower_init", 0);
    stat(out, "slab_reassign", "no");
    stat(out, "slab_automove", 0);
    stat(out, "slab_chunk_max", ctx.cache.stats().pageSize);
    stat(out, "lru_crawler", "yes");
    stat(out, "flush_enabled", "yes");
    stat(out, "dump_enabled", "no");
    stat(out, "hash_algorithm", "memkube");
    stat(out, "lru_segmented", "no");
    stat(out, "idle_timeout", 0);
    stat(out, "read_buf_mem_limit", 0);
    stat(out, "track_sizes", "no");
    stat(out, "inline_ascii_response", "no");
    stat(out, "ssl_enabled", "no");
    out.writeBytes(Replies.END);
  }

  /** memcached reports per slab class; we have one class of items, reported as class 1. */
  private void items(ByteBuf out) {
    StorageStats st = ctx.cache.stats();
    if (st.currItems > 0) {
      stat(out, "items:1:number", st.currItems);
      stat(out, "items:1:number_hot", 0);
      stat(out, "items:1:number_warm", 0);
      stat(out, "items:1:number_cold", st.currItems);
      stat(out, "items:1:age_hot", 0);
      stat(out, "items:1:age_warm", 0);
      stat(out, "items:1:age", 0);
      stat(out, "items:1:mem_requested", st.bytes);
      stat(out, "items:1:evicted", st.evictions);
      stat(out, "items:1:evicted_nonzero", 0);
      stat(out, "items:1:evicted_time", 0);
      stat(out, "items:1:outofmemory", ctx.stats.storeNoMemory.sum());
      stat(out, "items:1:tailrepairs", 0);
      stat(out, "items:1:reclaimed", st.reclaimed);
      stat(out, "items:1:expired_unfetched", st.expiredUnfetched);
      stat(out, "items:1:evicted_unfetched", st.evictedUnfetched);
      stat(out, "items:1:evicted_active", st.evictedActive);
    }
    out.writeBytes(Replies.END);
  }

  /** Our memory is pages of one size rather than slab classes: one "class" per page size. */
  private void slabs(ByteBuf out) {
    StorageStats st = ctx.cache.stats();
    if (st.pagesAllocated > 0) {
      stat(out, "1:chunk_size", st.pageSize);
      stat(out, "1:chunks_per_page", 1);
      stat(out, "1:total_pages", st.pagesAllocated);
      stat(out, "1:total_chunks", st.pagesAllocated);
      stat(out, "1:used_chunks", st.pagesAllocated);
      stat(out, "1:free_chunks", 0);
      stat(out, "1:free_chunks_end", 0);
      stat(out, "1:get_hits", ctx.stats.getHits.sum());
      stat(out, "1:cmd_set", ctx.stats.cmdSet.sum());
      stat(out, "1:delete_hits", ctx.stats.deleteHits.sum());
      stat(out, "1:incr_hits", ctx.stats.incrHits.sum());
      stat(out, "1:decr_hits", ctx.stats.decrHits.sum());
      stat(out, "1:cas_hits", ctx.stats.casHits.sum());
      stat(out, "1:cas_badval", ctx.stats.casBadval.sum());
      stat(out, "1:touch_hits", ctx.stats.touchHits.sum());
    }
    stat(out, "active_slabs", st.pagesAllocated > 0 ? 1 : 0);
    stat(out, "total_malloced", (long) st.pagesAllocated * st.pageSize);
    out.writeBytes(Replies.END);
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
