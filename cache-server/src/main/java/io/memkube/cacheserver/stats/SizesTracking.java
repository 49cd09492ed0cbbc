package io.memkube.cacheserver.stats;

/**
 * Whether {@code stats sizes} counts ({@code -o track_sizes}, {@code stats sizes_enable}), and
 * which items: memcached counts the items stored after the histogram was enabled, so this keeps the
 * CAS at that moment and the count looks only at items with a higher one.
 */
public final class SizesTracking {
  private volatile boolean enabled;
  private volatile long casAbove;

  /** Starts counting items whose CAS is above {@code casNow}; no change when already counting. */
  public synchronized void enable(long casNow) {
    if (!enabled) {
      casAbove = casNow;
      enabled = true;
    }
  }

  public void disable() {
    enabled = false;
  }

  public boolean enabled() {
    return enabled;
  }

  /** Items with a CAS above this one are counted. */
  public long casAbove() {
    return casAbove;
  }
}
