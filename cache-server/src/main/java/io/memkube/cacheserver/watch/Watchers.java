package io.memkube.cacheserver.watch;

import io.memkube.cacheserver.stats.ServerStats;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's watchers, and the one place log lines are numbered ({@code gid}), stamped ({@code
 * ts}) and handed out. Producers ask {@link #watching} first, so that nothing is built while no one
 * watches.
 */
public final class Watchers {
  /** No watcher ever: for command processors that have no server around them (tests). */
  public static final Watchers NONE = new Watchers(null, 0);

  private final CopyOnWriteArrayList<Watcher> watchers = new CopyOnWriteArrayList<>();
  private final AtomicLong gid = new AtomicLong();
  private final ServerStats stats;
  private final long bufferBytes;

  /** The union of the watchers' flags: read by every request, written when watchers come or go. */
  private volatile int mask;

  /**
   * @param bufferBytes memcached's {@code watcher_logbuf_size}: how far one watcher may lag
   */
  public Watchers(ServerStats stats, long bufferBytes) {
    this.stats = stats;
    this.bufferBytes = bufferBytes;
  }

  /** Whether some watcher wants events of this kind ({@link WatchFlags}). */
  public boolean watching(int flag) {
    return (mask & flag) != 0;
  }

  /** Makes {@code channel} a watcher of {@code flags} until it closes. */
  public void add(Channel channel, int flags) {
    if (this == NONE) {
      throw new IllegalStateException("no server to watch");
    }
    Watcher w = new Watcher(channel, flags, bufferBytes);
    watchers.add(w);
    stats.logWatchers.incrementAndGet();
    updateMask();
    channel
        .closeFuture()
        .addListener(
            f -> {
              if (watchers.remove(w)) {
                stats.logWatchers.decrementAndGet();
                updateMask();
              }
            });
  }

  private synchronized void updateMask() {
    int m = 0;
    for (Watcher w : watchers) {
      m |= w.flags;
    }
    mask = m;
  }

  /** Sends {@code line} to each watcher of {@code flag}, after memcached's timestamp and number. */
  public void publish(int flag, LogLine line) {
    long micros = currentMicros();
    String text =
        "ts="
            + (micros / 1_000_000)
            + "."
            + String.format("%06d", micros % 1_000_000)
            + " gid="
            + gid.incrementAndGet()
            + " "
            + line
            + "\n";
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    for (Watcher w : watchers) {
      if ((w.flags & flag) != 0) {
        if (w.offer(bytes)) {
          stats.logWatcherSent.increment();
        } else {
          stats.logWatcherSkipped.increment();
        }
      }
    }
  }

  private static long currentMicros() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
  }
}
