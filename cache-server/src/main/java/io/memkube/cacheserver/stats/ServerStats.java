package io.memkube.cacheserver.stats;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Server-wide command and connection counters, named as memcached names them in {@code stats}.
 * Striped adders keep the event loops from contending on them.
 */
public final class ServerStats {
  public final LongAdder cmdGet = new LongAdder();
  public final LongAdder cmdSet = new LongAdder();
  public final LongAdder cmdFlush = new LongAdder();
  public final LongAdder cmdTouch = new LongAdder();
  public final LongAdder cmdMeta = new LongAdder();
  public final LongAdder getHits = new LongAdder();
  public final LongAdder getMisses = new LongAdder();
  public final LongAdder getExpired = new LongAdder();
  public final LongAdder getFlushed = new LongAdder();
  public final LongAdder deleteMisses = new LongAdder();
  public final LongAdder deleteHits = new LongAdder();
  public final LongAdder incrMisses = new LongAdder();
  public final LongAdder incrHits = new LongAdder();
  public final LongAdder decrMisses = new LongAdder();
  public final LongAdder decrHits = new LongAdder();
  public final LongAdder casMisses = new LongAdder();
  public final LongAdder casHits = new LongAdder();
  public final LongAdder casBadval = new LongAdder();
  public final LongAdder touchHits = new LongAdder();
  public final LongAdder touchMisses = new LongAdder();
  public final LongAdder storeTooLarge = new LongAdder();
  public final LongAdder storeNoMemory = new LongAdder();
  public final LongAdder bytesRead = new LongAdder();
  public final LongAdder bytesWritten = new LongAdder();
  public final AtomicInteger currConnections = new AtomicInteger();
  public final LongAdder totalConnections = new LongAdder();
  public final LongAdder rejectedConnections = new LongAdder();
  public volatile int verbosity;
  public final long startedMillis = System.currentTimeMillis();

  /** {@code stats reset}: the counters memcached resets (not items, not connections now open). */
  public void reset() {
    for (LongAdder a :
        new LongAdder[] {
          cmdGet,
          cmdSet,
          cmdFlush,
          cmdTouch,
          cmdMeta,
          getHits,
          getMisses,
          getExpired,
          getFlushed,
          deleteMisses,
          deleteHits,
          incrMisses,
          incrHits,
          decrMisses,
          decrHits,
          casMisses,
          casHits,
          casBadval,
          touchHits,
          touchMisses,
          storeTooLarge,
          storeNoMemory,
          bytesRead,
          bytesWritten,
          totalConnections,
          rejectedConnections
        }) {
      a.reset();
    }
  }
}
