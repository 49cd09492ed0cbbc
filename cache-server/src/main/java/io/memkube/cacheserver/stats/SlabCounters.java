package io.memkube.cacheserver.stats;

import java.util.concurrent.atomic.LongAdder;

/**
 * The command counters memcached keeps per slab class ({@code stats slabs}); its server-wide {@code
 * get_hits}, {@code cmd_set} and the like are their sums, so they are counted once, here.
 */
public final class SlabCounters {
  /** The counters, in the order {@code stats slabs} lists them. */
  public enum Counter {
    GET_HITS("get_hits"),
    CMD_SET("cmd_set"),
    DELETE_HITS("delete_hits"),
    INCR_HITS("incr_hits"),
    DECR_HITS("decr_hits"),
    CAS_HITS("cas_hits"),
    CAS_BADVAL("cas_badval"),
    TOUCH_HITS("touch_hits");

    /** The name in {@code stats} and {@code stats slabs}. */
    public final String statName;

    Counter(String statName) {
      this.statName = statName;
    }
  }

  private static final Counter[] COUNTERS = Counter.values();

  /** [counter][class id]; class ids start at 1. */
  private final LongAdder[][] adders;

  /**
   * @param classes the number of slab classes
   */
  public SlabCounters(int classes) {
    adders = new LongAdder[COUNTERS.length][classes + 1];
    for (LongAdder[] row : adders) {
      for (int i = 0; i < row.length; i++) {
        row[i] = new LongAdder();
      }
    }
  }

  public void increment(Counter c, int classId) {
    adders[c.ordinal()][classId].increment();
  }

  public void add(Counter c, int classId, long n) {
    adders[c.ordinal()][classId].add(n);
  }

  public long get(Counter c, int classId) {
    return adders[c.ordinal()][classId].sum();
  }

  /** The server-wide value: the sum over the classes. */
  public long sum(Counter c) {
    long n = 0;
    for (LongAdder a : adders[c.ordinal()]) {
      n += a.sum();
    }
    return n;
  }

  void reset() {
    for (LongAdder[] row : adders) {
      for (LongAdder a : row) {
        a.reset();
      }
    }
  }
}
