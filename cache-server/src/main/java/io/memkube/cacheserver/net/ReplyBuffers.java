package io.memkube.cacheserver.net;

import io.memkube.protocol.codec.LoopSpare;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The buffers replies are written into, one spare kept per event loop ({@link LoopSpare}): a buffer
 * that went out on the wire and came back with no other holder serves the next reply on the same
 * loop.
 */
final class ReplyBuffers {
  /** The size replies start with; a buffer that grew past {@link #MAX_KEPT} is not kept. */
  static final int INITIAL_CAPACITY = 4096;

  private static final int MAX_KEPT = 64 * 1024;

  private static final LoopSpare SPARE = new LoopSpare(MAX_KEPT);

  private ReplyBuffers() {}

  /** An empty buffer for replies: the loop's spare when it has one. */
  static ByteBuf take(ByteBufAllocator alloc) {
    ByteBuf b = SPARE.take(0);
    return b != null ? b : alloc.ioBuffer(INITIAL_CAPACITY);
  }

  /**
   * Gives back {@code written}, on which the caller took an extra reference before writing it out:
   * kept as the loop's spare when the write is done with it (only the caller's reference is left),
   * released otherwise (still queued behind a slow client, or held by a handler such as TLS).
   */
  static void giveBack(ByteBuf written) {
    SPARE.giveBack(written);
  }
}
