package io.memkube.proxy.health;

import java.util.concurrent.ThreadLocalRandom;

/**
 * When to probe a down server next.
 *
 * <p>mcrouter's schedule (soft TKO: a server that timed out, likely overloaded): from the initial
 * delay, times 1.5 after each failed probe, up to the maximum.
 *
 * <p>After a hard TKO (refused connect, closed connection: a server that stopped or restarts) the
 * first probe comes after a short delay and the delays grow times 1.5 up to {@link
 * #FAST_CAP_MILLIS} during the first {@link #FAST_WINDOW_MILLIS} of the outage, so that a restarted
 * server is back in the ring within about a second of accepting connections (a rolling restart
 * moves to the next server as soon as this one is ready: a proxy that waits its 10 s probe delay
 * has two servers out). A probe of a stopped server is one refused connect, cheap for both sides.
 * After the window the delays grow as mcrouter's, up to the maximum.
 *
 * <p>Each delay gets 5-50% random jitter so that many proxies do not probe in step.
 */
public final class ProbeSchedule {
  /** The longest delay between probes in the first window after a hard TKO. */
  public static final long FAST_CAP_MILLIS = 700;

  /** How long after a hard TKO probes stay fast. */
  public static final long FAST_WINDOW_MILLIS = 30_000;

  private final long initialMillis;
  private final long maxMillis;
  private final long fastWindowMillis;
  private long current;
  private long scheduledMillis;

  /** mcrouter's schedule, for a soft TKO. */
  public ProbeSchedule(long initialMillis, long maxMillis) {
    this(initialMillis, maxMillis, 0);
  }

  private ProbeSchedule(long initialMillis, long maxMillis, long fastWindowMillis) {
    this.initialMillis = initialMillis;
    this.maxMillis = Math.max(initialMillis, maxMillis);
    this.fastWindowMillis = fastWindowMillis;
    this.current = initialMillis;
  }

  /**
   * The schedule after a hard TKO: {@code firstMillis}, growing up to {@link #FAST_CAP_MILLIS} for
   * {@link #FAST_WINDOW_MILLIS}, then from there up to {@code maxMillis}.
   */
  public static ProbeSchedule afterHardTko(long firstMillis, long maxMillis) {
    return new ProbeSchedule(firstMillis, maxMillis, FAST_WINDOW_MILLIS);
  }

  /** The delay before the next probe; each call backs off further. */
  public long nextDelayMillis() {
    long cap =
        scheduledMillis < fastWindowMillis
            ? Math.min(maxMillis, Math.max(FAST_CAP_MILLIS, initialMillis))
            : maxMillis;
    long base = Math.min(current, cap);
    current = Math.min(cap, (long) (base * 1.5));
    double jitter = 0.05 + ThreadLocalRandom.current().nextDouble() * 0.45;
    long delay = base + (long) (base * jitter);
    scheduledMillis += delay;
    return delay;
  }

  public void reset() {
    current = initialMillis;
    scheduledMillis = 0;
  }
}
