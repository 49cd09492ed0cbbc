package io.memkube.cacheserver.command;

import io.memkube.cacheserver.storage.ItemScan;
import io.memkube.cacheserver.storage.LruCrawler;
import io.memkube.cacheserver.watch.LogLine;
import io.memkube.protocol.request.ErrorLines;
import io.memkube.protocol.request.Request;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * {@code lru_crawler enable|disable|crawl <ids|all>|metadump <ids|all|hash>|sleep N|tocrawl N},
 * answered as memcached 1.6.18 answers them. memkube's crawler is its reclaim of expired items
 * ({@link LruCrawler}); its pages belong to no slab class, so a crawl of any class looks at every
 * item.
 */
final class LruCrawlerCommand {
  /** memcached's POWER_LARGEST: class ids run from 1 to 63. */
  private static final int LARGEST_CLASS = 63;

  private static final String DISABLED = "CLIENT_ERROR lru crawler disabled";
  private static final String BAD_CLASS = "BADCLASS invalid class id";

  private LruCrawlerCommand() {}

  static void execute(ConnectionContext ctx, Request req, ByteBuf out) {
    LruCrawler crawler = ctx.cache.crawler();
    if (req.tokenCount() == 2 && req.tokenEquals(1, "enable")) {
      Replies.line(out, crawler.enable() ? "OK" : "ERROR failed to start lru crawler thread");
    } else if (req.tokenCount() == 2 && req.tokenEquals(1, "disable")) {
      crawler.disable();
      Replies.line(out, "OK");
    } else if (req.tokenCount() == 3 && req.tokenEquals(1, "crawl")) {
      if (!crawler.enabled()) {
        Replies.line(out, DISABLED);
      } else if (classes(req.token(2)) == null) {
        Replies.line(out, BAD_CLASS);
      } else if (crawler.running()) {
        Replies.line(out, "BUSY currently processing crawler request");
      } else {
        crawler.crawlSoon();
        Replies.line(out, "OK");
      }
    } else if (req.tokenCount() == 3 && req.tokenEquals(1, "metadump")) {
      metadump(ctx, req.token(2), out);
    } else if (req.tokenCount() == 3
        && (req.tokenEquals(1, "sleep") || req.tokenEquals(1, "tocrawl"))) {
      // pacing of memcached's crawler thread: memkube's pass takes the lock a slice at a time
      Replies.line(out, "OK");
    } else {
      Replies.line(out, ErrorLines.ERROR);
    }
  }

  /**
   * The classes a {@code crawl} or {@code metadump} argument names: all for {@code all} (an empty
   * array), else a set; null when one is not a class id.
   */
  private static boolean[] classes(String arg) {
    if (arg.equals("all")) {
      return new boolean[0];
    }
    boolean[] ids = new boolean[LARGEST_CLASS + 1];
    for (String id : arg.split(",", -1)) {
      int n;
      try {
        n = Integer.parseInt(id);
      } catch (NumberFormatException e) {
        return null;
      }
      if (n < 1 || n > LARGEST_CLASS) {
        return null;
      }
      ids[n] = true;
    }
    return ids;
  }

  private static void metadump(ConnectionContext ctx, String arg, ByteBuf out) {
    if (!ctx.cache.crawler().enabled()) {
      Replies.line(out, DISABLED);
      return;
    }
    if (out.isReadable()) {
      // memcached streams the dump from its crawler thread, which cannot wait behind replies
      Replies.line(out, "ERROR cannot pipeline other commands before metadump");
      return;
    }
    boolean[] ids = arg.equals("hash") ? new boolean[0] : classes(arg);
    if (ids == null) {
      Replies.line(out, BAD_CLASS);
      return;
    }
    StringBuilder line = new StringBuilder(128);
    new ItemScan(ctx.cache)
        .metadump(
            ids.length == 0 ? null : ids,
            item -> {
              line.setLength(0);
              line.append("key=");
              for (byte b : item.key()) {
                LogLine.uriEncode(line, b);
              }
              line.append(" exp=").append(item.exptimeUnix());
              line.append(" la=").append(item.lastAccessUnix());
              line.append(" cas=").append(Long.toUnsignedString(item.cas()));
              line.append(" fetch=").append(item.fetched() ? "yes" : "no");
              line.append(" cls=").append(item.classId());
              line.append(" size=").append(item.size()).append('\n');
              out.writeCharSequence(line, StandardCharsets.ISO_8859_1);
            });
    out.writeBytes(Replies.END);
  }
}
