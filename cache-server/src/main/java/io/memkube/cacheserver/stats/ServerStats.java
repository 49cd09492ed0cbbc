package io.memkube.cacheserver.stats;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Server-wide command and connection counters, named as memcached names them in {@code stats}.
 * Striped adders keep the event loops from contending on them.
 */
public final class ServerStats {
  public final LongAdder cmdGet = new LongAdder();
  public final LongAdder cmdFlush = new LongAdder();
  public final LongAdder cmdTouch = new LongAdder();
  public final LongAdder cmdMeta = new LongAdder();
  public final LongAdder getMisses = new LongAdder();
  public final LongAdder getExpired = new LongAdder();
  public final LongAdder getFlushed = new LongAdder();
  public final LongAdder deleteMisses = new LongAdder();
  public final LongAdder incrMisses = new LongAdder();
  public final LongAdder decrMisses = new LongAdder();
  public final LongAdder casMisses = new LongAdder();
  public final LongAdder touchMisses = new LongAdder();
  public final LongAdder storeTooLarge = new LongAdder();
  public final LongAdder storeNoMemory = new LongAdder();
  public final LongAdder bytesRead = new LongAdder();
  public final LongAdder bytesWritten = new LongAdder();
  public final AtomicInteger currConnections = new AtomicInteger();
  public final LongAdder totalConnections = new LongAdder();
  public final LongAdder rejectedConnections = new LongAdder();

  /** Authentication attempts ({@code -Y}) and the failed ones among them. */
  public final LongAdder authCmds = new LongAdder();

  public final LongAdder authErrors = new LongAdder();

  /** TLS handshakes that failed ({@code -Z}). */
  public final LongAdder sslHandshakeErrors = new LongAdder();

  /** When the TLS certificates were last read (start or {@code refresh_certs}). */
  public volatile long certsReadAtMillis = System.currentTimeMillis();

  /** Connections watching ({@code watch}), and the log lines sent to or skipped for them. */
  public final AtomicInteger logWatchers = new AtomicInteger();

  public final LongAdder logWatcherSent = new LongAdder();
  public final LongAdder logWatcherSkipped = new LongAdder();

  /** Connections closed by {@code -o idle_timeout}. */
  public final LongAdder idleKicks = new LongAdder();

  /** Read events cut short by {@code -R} (memcached's {@code conn_yields}). */
  public final LongAdder connYields = new LongAdder();

  /** Hits, sets and the like per slab class; the server-wide values are their sums. */
  public final SlabCounters slabs = new SlabCounters(63);

  /** {@code stats detail}: per key prefix counters, off until {@code stats detail on}. */
  public final PrefixStats prefixes;

  /** {@code stats sizes}: whether it counts, and from which CAS on. */
  public final SizesTracking sizes = new SizesTracking();

  public volatile int verbosity;
  public final long startedMillis = System.currentTimeMillis();

  /**
   * @param prefixDelimiter {@code -D}: the character that ends a key's prefix
   */
  public ServerStats(char prefixDelimiter) {
    this.prefixes = new PrefixStats(prefixDelimiter);
  }

  public ServerStats() {
    this(':');
  }

  /**
   * {@code stats reset}: the counters memcached resets (not items, not connections now open), and
   * the {@code stats detail} prefixes.
   */
  public void reset() {
    for (LongAdder a :
        new LongAdder[] {
          cmdGet,
          cmdFlush,
          cmdTouch,
          cmdMeta,
          getMisses,
          getExpired,
          getFlushed,
          deleteMisses,
          incrMisses,
          decrMisses,
          casMisses,
          touchMisses,
          storeTooLarge,
          storeNoMemory,
          bytesRead,
          bytesWritten,
          totalConnections,
          rejectedConnections,
          idleKicks,
          connYields
        }) {
      a.reset();
    }
    slabs.reset();
    prefixes.clear();
  }
}
