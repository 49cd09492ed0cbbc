package io.memkube.cacheserver.command;

import io.memkube.cacheserver.stats.PrefixStats;
import io.memkube.cacheserver.stats.SizesTracking;
import io.memkube.cacheserver.stats.StatsReport;
import io.memkube.cacheserver.storage.ItemScan;
import io.memkube.cacheserver.storage.StorageStats;
import io.memkube.protocol.request.CNumberParser;
import io.memkube.protocol.request.ErrorLines;
import io.memkube.protocol.request.Request;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code stats} and its subcommands, answered as memcached 1.6.18 answers them. The lists
 * themselves are {@link StatsReport}'s, which {@code /metrics} reads too.
 */
final class StatsCommand {
  private static final String DETAIL_USAGE = "CLIENT_ERROR usage: stats detail on|off|dump";

  /**
   * memcached's MAX_NUMBER_OF_SLAB_CLASSES: a cachedump of a class id at or above it is refused.
   */
  private static final int MAX_NUMBER_OF_SLAB_CLASSES = 64;

  /** memcached stops a cachedump answer before it exceeds 2 MB. */
  private static final int CACHEDUMP_MAX_BYTES = 2 * 1024 * 1024;

  private final ConnectionContext ctx;

  StatsCommand(ConnectionContext ctx) {
    this.ctx = ctx;
  }

  void execute(Request req, ByteBuf out) {
    if (req.tokenCount() == 1) {
      StorageStats st = ctx.cache.stats();
      write(out, StatsReport.general(ctx.stats, ctx.settings, ctx.cache, st));
      return;
    }
    if (req.tokenEquals(1, "reset")) {
      ctx.stats.reset();
      out.writeBytes(Replies.RESET);
    } else if (req.tokenEquals(1, "settings")) {
      write(out, StatsReport.settings(ctx.stats, ctx.settings, ctx.cache));
    } else if (req.tokenEquals(1, "items")) {
      write(out, StatsReport.items(ctx.stats, ctx.settings.tuning(), ctx.cache.stats()));
    } else if (req.tokenEquals(1, "slabs")) {
      write(out, StatsReport.slabs(ctx.stats, ctx.cache.stats()));
    } else if (req.tokenEquals(1, "conns")) {
      conns(out);
    } else if (req.tokenEquals(1, "sizes")) {
      sizes(out);
    } else if (req.tokenEquals(1, "sizes_enable")) {
      sizesEnable(out);
    } else if (req.tokenEquals(1, "sizes_disable")) {
      // memcached answers these two with the status line alone, without END
      ctx.stats.sizes.disable();
      stat(out, "sizes_status", "disabled");
    } else if (req.tokenEquals(1, "detail")) {
      detail(req, out);
    } else if (req.tokenEquals(1, "cachedump")) {
      cachedump(req, out);
    } else {
      Replies.line(out, ErrorLines.ERROR);
    }
  }

  private static void stat(ByteBuf out, String name, Object value) {
    out.writeCharSequence("STAT " + name + " " + value + "\r\n", StandardCharsets.ISO_8859_1);
  }

  private static void write(ByteBuf out, Map<String, String> stats) {
    stats.forEach((k, v) -> stat(out, k, v));
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
          if (c.addr().startsWith("udp:")) {
            stat(out, p + "UDP", "UDP"); // memcached names its UDP connections first
          }
          stat(out, p + "addr", c.addr());
          if (c.listenAddr() != null) {
            stat(out, p + "listen_addr", c.listenAddr());
          }
          stat(out, p + "state", c.state());
          stat(out, p + "secs_since_last_cmd", c.idleSecs());
        });
    out.writeBytes(Replies.END);
  }

  /** {@code stats sizes}: items per 32-byte size bucket while counting is on. */
  private void sizes(ByteBuf out) {
    SizesTracking sizes = ctx.stats.sizes;
    if (!sizes.enabled()) {
      stat(out, "sizes_status", "disabled");
    } else {
      new ItemScan(ctx.cache)
          .sizes(sizes.casAbove())
          .forEach((size, n) -> stat(out, Long.toString(size), n));
    }
    out.writeBytes(Replies.END);
  }

  private void sizesEnable(ByteBuf out) {
    if (!ctx.cache.casEnabled()) {
      // memcached tells the items it counts apart by their CAS, which -C takes away
      stat(out, "sizes_status", "error");
      stat(out, "sizes_error", "cas_support_disabled");
      return;
    }
    ctx.stats.sizes.enable(ctx.cache.currentCas());
    stat(out, "sizes_status", "enabled");
  }

  /**
   * {@code stats cachedump <class> <limit>}: keys of one slab class, newest first. memkube's LRU
   * has one segment, so every item is listed at once, where memcached lists only its COLD segment
   * (items written in the last second or so are still HOT there and missing).
   */
  private void cachedump(Request req, ByteBuf out) {
    if (!ctx.settings.tuning().dumpEnabled()) {
      Replies.line(out, "CLIENT_ERROR stats cachedump not allowed");
      return;
    }
    if (req.tokenCount() < 4) {
      Replies.line(out, "CLIENT_ERROR bad command line");
      return;
    }
    long id = unsigned32(req, 2);
    long limit = unsigned32(req, 3);
    if (id < 0 || limit < 0) {
      Replies.line(out, ErrorLines.BAD_FORMAT);
      return;
    }
    if (id >= MAX_NUMBER_OF_SLAB_CLASSES) {
      Replies.line(out, "CLIENT_ERROR Illegal slab id");
      return;
    }
    int written = 0;
    for (ItemScan.DumpedItem item : new ItemScan(ctx.cache).dump((int) id, (int) limit)) {
      String line =
          "ITEM "
              + new String(item.key(), StandardCharsets.ISO_8859_1)
              + " ["
              + item.valueLength()
              + " b; "
              + item.exptimeUnix()
              + " s]\r\n";
      if (written + line.length() + Replies.END.length > CACHEDUMP_MAX_BYTES) {
        break;
      }
      out.writeCharSequence(line, StandardCharsets.ISO_8859_1);
      written += line.length();
    }
    out.writeBytes(Replies.END);
  }

  /** memcached's {@code safe_strtoul} of a token: its value, or -1 when it is not one. */
  private static long unsigned32(Request req, int token) {
    CNumberParser n = new CNumberParser();
    return n.strtoul32(req.buffer(), req.tokenStart(token), req.tokenEnd(token)) ? n.value() : -1;
  }
}
