package io.memkube.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.FastThreadLocalThread;

/**
 * One spare buffer per event loop. A connection that sends one request per round trip takes a
 * buffer for each read and each reply; getting it from the pooled allocator and giving it back
 * costs about as much user-space time as running the request, so a buffer nobody else holds any
 * more is kept for the next use on the same loop. One per loop, not per connection, so that idle
 * connections hold no memory (memcached keeps its buffers per worker thread for the same reason).
 *
 * <p>Only event-loop threads keep a spare (their thread-locals are cleaned up when the loop ends,
 * which releases it); elsewhere {@link #take} finds none and {@link #giveBack} releases.
 */
public final class LoopSpare {
  private final int maxKept;

  private final FastThreadLocal<Slot> slot =
      new FastThreadLocal<>() {
        @Override
        protected Slot initialValue() {
          return new Slot();
        }

        @Override
        protected void onRemoval(Slot s) {
          // the event loop ends (Netty removes its thread-locals then): give the buffer back
          s.drop();
        }
      };

  /** Keeps buffers of at most {@code maxKept} bytes' capacity (a larger one is released). */
  public LoopSpare(int maxKept) {
    this.maxKept = maxKept;
  }

  /**
   * The loop's spare, emptied, if it holds at least {@code minCapacity} bytes; null otherwise (a
   * smaller spare stays for a smaller use).
   */
  public ByteBuf take(int minCapacity) {
    if (!FastThreadLocalThread.currentThreadWillCleanupFastThreadLocals()) {
      return null;
    }
    Slot s = slot.get();
    ByteBuf b = s.buf;
    if (b == null || b.capacity() < minCapacity) {
      return null;
    }
    s.buf = null;
    return b.clear();
  }

  /**
   * Gives back {@code buf}, on which the caller holds a reference of its own: kept as the loop's
   * spare when that is the only one left and it is larger than the spare it replaces (nobody else
   * reads or writes it any more), released otherwise (still queued behind a slow peer, held by a
   * decoder that waits for the rest of a request, or too large to keep).
   */
  public void giveBack(ByteBuf buf) {
    if (buf.refCnt() == 1
        && buf.capacity() <= maxKept
        && FastThreadLocalThread.currentThreadWillCleanupFastThreadLocals()) {
      Slot s = slot.get();
      ByteBuf old = s.buf;
      if (old == null || old.capacity() < buf.capacity()) {
        s.buf = buf;
        if (old != null) {
          old.release();
        }
        return;
      }
    }
    buf.release();
  }

  private static final class Slot {
    ByteBuf buf;

    void drop() {
      if (buf != null) {
        buf.release();
        buf = null;
      }
    }
  }
}
