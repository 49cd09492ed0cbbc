package io.memkube.cacheserver.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.FastThreadLocalThread;

/**
 * The buffers replies are written into, one spare kept per event loop. One request per round trip
 * (memcaslap) takes a buffer per request; taking it from the pooled allocator and giving it back
 * cost about as much user-space time as running the request, so a buffer that went out on the wire
 * and came back with no other holder is kept for the next reply on the same loop. One per loop, not
 * one per connection, so that idle connections hold no memory (memcached keeps its buffers per
 * worker thread for the same reason).
 */
final class ReplyBuffers {
  /** The size replies start with; a buffer that grew past {@link #MAX_KEPT} is not kept. */
  static final int INITIAL_CAPACITY = 4096;

  private static final int MAX_KEPT = 64 * 1024;

  private static final FastThreadLocal<Spare> SPARE =
      new FastThreadLocal<>() {
        @Override
        protected Spare initialValue() {
          return new Spare();
        }

        @Override
        protected void onRemoval(Spare spare) {
          // the event loop ends (Netty removes its thread-locals then): give the buffer back
          spare.drop();
        }
      };

  private ReplyBuffers() {}

  /** An empty buffer for replies: the loop's spare when it has one. */
  static ByteBuf take(ByteBufAllocator alloc) {
    if (FastThreadLocalThread.currentThreadWillCleanupFastThreadLocals()) {
      Spare s = SPARE.get();
      ByteBuf b = s.buf;
      if (b != null) {
        s.buf = null;
        return b;
      }
    }
    return alloc.ioBuffer(INITIAL_CAPACITY);
  }

  /**
   * Gives back {@code written}, on which the caller took an extra reference before writing it out:
   * kept as the loop's spare when the write is done with it (only the caller's reference is left),
   * released otherwise (still queued behind a slow client, or held by a handler such as TLS).
   */
  static void giveBack(ByteBuf written) {
    if (written.refCnt() == 1
        && written.capacity() <= MAX_KEPT
        && FastThreadLocalThread.currentThreadWillCleanupFastThreadLocals()) {
      Spare s = SPARE.get();
      if (s.buf == null) {
        s.buf = written.clear();
        return;
      }
    }
    written.release();
  }

  private static final class Spare {
    ByteBuf buf;

    void drop() {
      if (buf != null) {
        buf.release();
        buf = null;
      }
    }
  }
}
