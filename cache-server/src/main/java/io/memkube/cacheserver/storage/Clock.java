package io.memkube.cacheserver.storage;

/**
 * memcached's clock: whole seconds relative to a process start set 62 seconds in the past (so that
 * no relative time is zero), and its {@code realtime()} rule for exptimes: 0 never expires, up to
 * 30 days is relative, larger is a unix time, and a unix time at or before the process start means
 * already expired.
 */
public class Clock {
  /** memcached's REALTIME_MAXDELTA: 30 days. */
  public static final int REALTIME_MAXDELTA = 60 * 60 * 24 * 30;

  private final long processStarted;
  private volatile int current;

  /** A clock that follows the system time (call {@link #tick()} every second). */
  public Clock() {
    this(System.currentTimeMillis() / 1000 - 62);
  }

  /** A clock whose relative zero is the unix time {@code processStarted}. */
  protected Clock(long processStarted) {
    this.processStarted = processStarted;
    // not tick(): a subclass's unixTime() would run before the subclass is initialized (a clock
    // that overrides it, like the tests' ManualClock, ticks at the end of its own constructor)
    current = (int) (systemUnixTime() - processStarted);
  }

  /** Unix time of the relative zero. */
  public long processStarted() {
    return processStarted;
  }

  /** The unix time of a relative time (the inverse of {@link #realtime} for unix times). */
  public long unixTime(int relative) {
    return processStarted + Integer.toUnsignedLong(relative);
  }

  /** Seconds since {@link #processStarted()}. */
  public int now() {
    return current;
  }

  /** Re-reads the system time. */
  public void tick() {
    current = (int) (unixTime() - processStarted);
  }

  /** The unix time in seconds; tests override it. */
  protected long unixTime() {
    return systemUnixTime();
  }

  private static long systemUnixTime() {
    return System.currentTimeMillis() / 1000;
  }

  /**
   * memcached's {@code realtime(EXPTIME_TO_POSITIVE_TIME(exptime))}, used for storage commands: a
   * negative exptime expires at once.
   */
  public int storageExptime(int exptime) {
    return realtime(exptime < 0 ? REALTIME_MAXDELTA + 1L : exptime);
  }

  /**
   * memcached's bare {@code realtime(exptime)} (touch and flush_all use it without turning negative
   * values positive), as an unsigned 32-bit relative time held in an int.
   */
  public int realtime(long exptime) {
    if (exptime == 0) {
      return 0;
    }
    if (exptime > REALTIME_MAXDELTA) {
      if (exptime <= processStarted) {
        return 1;
      }
      return (int) (exptime - processStarted);
    }
    return (int) (exptime + current);
  }

  /** Whether a relative exptime has passed (memcached compares them as unsigned). */
  public boolean expired(int exptime) {
    return exptime != 0 && Integer.compareUnsigned(exptime, current) <= 0;
  }
}
