package io.memkube.cacheserver.command;

import io.memkube.cacheserver.watch.WatchFlags;
import io.memkube.protocol.request.ErrorLines;
import io.memkube.protocol.request.Request;
import io.netty.buffer.ByteBuf;

/**
 * {@code watch [fetchers|mutations|evictions|connevents ...]}: answers {@code OK} and tells the
 * connection to become a watcher; with no word it watches fetchers, as memcached does.
 */
final class WatchCommand {
  private WatchCommand() {}

  /**
   * @return the flags to watch, or 0 when the command was refused (its error line written)
   */
  static int execute(ConnectionContext ctx, Request req, ByteBuf out) {
    if (!ctx.settings.tuning().watchEnabled()) {
      Replies.line(out, "CLIENT_ERROR watch commands not allowed");
      return 0;
    }
    int flags = 0;
    for (int i = 1; i < req.tokenCount(); i++) {
      int f = WatchFlags.of(req.token(i));
      if (f == 0) {
        Replies.line(out, ErrorLines.ERROR);
        return 0;
      }
      flags |= f;
    }
    if (flags == 0) {
      flags = WatchFlags.FETCHERS;
    }
    out.writeBytes(Replies.OK);
    return flags;
  }
}
