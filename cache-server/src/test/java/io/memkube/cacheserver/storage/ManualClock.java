package io.memkube.cacheserver.storage;

/** A clock the test moves by hand. */
final class ManualClock extends Clock {
  private volatile long unix;

  ManualClock(long unixStart) {
    super(unixStart - 62);
    unix = unixStart;
    tick();
  }

  void advance(long seconds) {
    unix += seconds;
    tick();
  }

  long unixNow() {
    return unix;
  }

  @Override
  protected long unixTime() {
    return unix;
  }
}
