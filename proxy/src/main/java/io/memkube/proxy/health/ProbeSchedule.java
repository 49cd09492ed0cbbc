package io.memkube.proxy.health;

import java.util.concurrent.ThreadLocalRandom;

/**
 * When to probe a down server next: from the initial delay, times 1.5 after each failed probe, up
 * to the maximum, plus 5-50% random jitter so that many proxies do not probe in step.
 */
public final class ProbeSchedule {
  private final long initialMillis;
  private final long maxMillis;
  private long current;

  public ProbeSchedule(long initialMillis, long maxMillis) {
    this.initialMillis = initialMillis;
    this.maxMillis = Math.max(initialMillis, maxMillis);
    this.current = initialMillis;
  }

  /** The delay before the next probe; each call backs off further. */
  public long nextDelayMillis() {
    long base = current;
    current = Math.min(maxMillis, (long) (current * 1.5));
    double jitter = 0.05 + ThreadLocalRandom.current().nextDouble() * 0.45;
    return base + (long) (base * jitter);
  }

  public void reset() {
    current = initialMillis;
  }
}
