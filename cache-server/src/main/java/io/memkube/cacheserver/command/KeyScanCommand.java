package io.memkube.cacheserver.command;

import io.memkube.cacheserver.storage.Cache;
import io.memkube.protocol.request.ErrorLines;
import io.memkube.protocol.request.Request;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * memkube only: {@code mk_scan CURSOR COUNT} answers one page of the live keys, a line {@code KEY
 * <key> <seconds left, or -1>} each, then {@code SCAN <next cursor>} (0 once every key has been
 * named). A proxy uses it to move the keys of a server that leaves the ring to their new owners
 * before the server goes. Paged, unlike memcached's {@code lru_crawler metadump} (which memkube
 * does not have): a page's reply is bounded by COUNT, so a scan of millions of keys never builds
 * one huge reply. memcached answers {@code ERROR}, as to any command it does not know.
 */
final class KeyScanCommand {
  /** Slots looked at per page at most: keeps a shard's lock and a reply short. */
  static final int MAX_COUNT = 10_000;

  private static final byte[] KEY = "KEY ".getBytes(StandardCharsets.US_ASCII);

  private KeyScanCommand() {}

  static void execute(Cache cache, Request req, ByteBuf out) {
    if (req.tokenCount() != 3) {
      Replies.line(out, ErrorLines.ERROR);
      return;
    }
    long cursor;
    int count;
    try {
      cursor = Long.parseUnsignedLong(req.token(1));
      count = Integer.parseInt(req.token(2));
    } catch (NumberFormatException e) {
      Replies.line(out, ErrorLines.BAD_FORMAT);
      return;
    }
    if (count < 1) {
      Replies.line(out, ErrorLines.BAD_FORMAT);
      return;
    }
    long next =
        cache.scanKeys(
            cursor,
            Math.min(count, MAX_COUNT),
            (page, start, length, secondsLeft) -> {
              out.writeBytes(KEY);
              for (int i = 0; i < length; i++) {
                out.writeByte(page.get(start + i));
              }
              out.writeByte(' ');
              out.writeCharSequence(Integer.toString(secondsLeft), StandardCharsets.US_ASCII);
              out.writeByte('\r').writeByte('\n');
            });
    Replies.line(out, "SCAN " + Long.toUnsignedString(next));
  }
}
