package io.memkube.cacheserver.command;

import io.memkube.cacheserver.config.CArgs;
import io.memkube.cacheserver.config.Tuning;
import io.memkube.cacheserver.storage.SlabClasses;
import io.memkube.cacheserver.storage.StorageStats;
import io.memkube.protocol.request.ErrorLines;
import io.memkube.protocol.request.Request;
import io.netty.buffer.ByteBuf;

/**
 * {@code slabs automove} and {@code slabs reassign}, checked and answered as memcached 1.6.18 does.
 * memkube's pages are not bound to slab classes (a shard takes any free or oldest page), so there
 * is never a page to move: a valid {@code reassign} answers from memcached's page accounting of the
 * items ({@code stats slabs}): {@code NOSPARE} when the source class fills fewer than two pages,
 * {@code OK} otherwise, and nothing moves because nothing needs to.
 */
final class SlabsCommand {
  private final ConnectionContext ctx;

  SlabsCommand(ConnectionContext ctx) {
    this.ctx = ctx;
  }

  void execute(Request req, ByteBuf out) {
    int n = req.tokenCount();
    if (n == 4 && req.tokenEquals(1, "reassign")) {
      reassign(req, out);
    } else if (n >= 3 && req.tokenEquals(1, "automove")) {
      automove(req, out);
    } else {
      Replies.line(out, ErrorLines.ERROR);
    }
  }

  private void automove(Request req, ByteBuf out) {
    Tuning t = ctx.settings.tuning();
    boolean noreply = req.tokenEquals(req.tokenCount() - 1, "noreply");
    String reply = "OK";
    if (req.tokenEquals(2, "ratio")) {
      Double ratio = req.tokenCount() < 4 ? null : CArgs.safeStrtod(req.token(3));
      if (ratio == null) {
        reply = ErrorLines.ERROR;
      } else {
        t.setSlabAutomoveRatio(ratio);
      }
    } else {
      Long level = CArgs.safeStrtoul(req.token(2));
      if (level == null) {
        reply = ErrorLines.BAD_FORMAT;
      } else if (level > 2) {
        reply = ErrorLines.ERROR;
      } else {
        t.setSlabAutomove((int) (long) level);
      }
    }
    if (!noreply) {
      Replies.line(out, reply);
    }
  }

  private void reassign(Request req, ByteBuf out) {
    if (!ctx.settings.tuning().slabReassign()) {
      Replies.line(out, "CLIENT_ERROR slab reassignment disabled");
      return;
    }
    Integer src = CArgs.safeStrtol(req.token(2));
    Integer dst = CArgs.safeStrtol(req.token(3));
    if (src == null || dst == null) {
      Replies.line(out, ErrorLines.BAD_FORMAT);
      return;
    }
    Replies.line(out, reassignReply(src, dst));
  }

  private String reassignReply(int src, int dst) {
    if (src == dst) {
      return "SAME src and dst class are identical";
    }
    StorageStats st = ctx.cache.stats();
    SlabClasses classes = st.slabClasses;
    if (src == -1) {
      // memcached picks any class with a page to spare, or none
      src = -2;
      for (int id = 1; id <= classes.count() && src < 0; id++) {
        if (id != dst && st.memcachedPages(id) > 1) {
          src = id;
        }
      }
    }
    int largest = classes.count();
    if (src < 0 || src > largest || dst < 0 || dst > largest) {
      return "BADCLASS invalid src or dst class id";
    }
    if (st.memcachedPages(src) < 2) {
      return "NOSPARE source class has no spare pages";
    }
    return "OK";
  }
}
