package io.memkube.proxy.health;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Whether one server is "technical knock-out" (mcrouter's TkoTracker): soft TKO after a number of
 * consecutive timeouts, hard TKO at once on a connect error or a closed connection. Shared by all
 * proxy threads; only a successful probe brings a server back, so that one lucky reply from a
 * flapping server does not.
 */
public final class TkoTracker {
  private final String server;
  private final int timeoutsUntilTko;
  private final Consumer<TkoTracker> onTko;
  private final AtomicInteger consecutiveTimeouts = new AtomicInteger();
  private final AtomicReference<String> tkoReason = new AtomicReference<>();
  private volatile long tkoSinceMillis;
  private volatile boolean hard;
  private final java.util.concurrent.atomic.AtomicLong tkos =
      new java.util.concurrent.atomic.AtomicLong();

  /**
   * @param onTko called once each time the server goes down (typically: start probing it)
   */
  public TkoTracker(String server, int timeoutsUntilTko, Consumer<TkoTracker> onTko) {
    this.server = server;
    this.timeoutsUntilTko = Math.max(1, timeoutsUntilTko);
    this.onTko = onTko;
  }

  public String server() {
    return server;
  }

  public boolean isTko() {
    return tkoReason.get() != null;
  }

  /** Why the server is down ({@code soft tko}, {@code connect error}...), or null when it is up. */
  public String reason() {
    return tkoReason.get();
  }

  /**
   * Whether the current TKO is hard (a refused or closed connection: the server stopped) rather
   * than soft (timeouts: it is slow).
   */
  public boolean isHardTko() {
    return isTko() && hard;
  }

  public long tkoSinceMillis() {
    return tkoSinceMillis;
  }

  /** How many times the server went down (TKO) since the proxy started. */
  public long tkoCount() {
    return tkos.get();
  }

  public int consecutiveTimeouts() {
    return consecutiveTimeouts.get();
  }

  public void recordReply() {
    if (consecutiveTimeouts.get() != 0) {
      consecutiveTimeouts.set(0);
    }
  }

  public void recordTimeout() {
    if (consecutiveTimeouts.incrementAndGet() >= timeoutsUntilTko) {
      markDown("soft tko: " + timeoutsUntilTko + " consecutive timeouts", false);
    }
  }

  public void recordConnectError(String why) {
    markDown("hard tko: " + why, true);
  }

  /**
   * Deletes this server missed are spooled: it stays out of the ring until they are delivered (the
   * prober delivers them before it lets the server back), so that it cannot serve a value that was
   * deleted while it was unreachable. Probed on the hard-TKO schedule: it is usually back at once.
   */
  public void recordUndeliveredDeletes() {
    markDown("undelivered deletes spooled: delivering them before it takes traffic", true);
  }

  /** A probe got an answer: the server takes requests again. */
  public void recordProbeSuccess() {
    consecutiveTimeouts.set(0);
    tkoReason.set(null);
  }

  private void markDown(String reason, boolean hardTko) {
    if (tkoReason.compareAndSet(null, reason)) {
      hard = hardTko;
      tkoSinceMillis = System.currentTimeMillis();
      tkos.incrementAndGet();
      onTko.accept(this);
    }
  }
}
