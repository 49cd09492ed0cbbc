package io.memkube.cacheserver.storage;

/**
 * Item counters per memcached slab class (index = class id), for {@code stats items} and {@code
 * stats slabs}: one per shard, guarded by its lock, summed into a snapshot by {@link Cache#stats}.
 */
public final class ClassTally {
  public final long[] items;

  /** memcached's {@code mem_requested}: the sum of the items' memcached sizes. */
  public final long[] requested;

  public final long[] evicted;

  /** Evicted items that had an expiry time. */
  public final long[] evictedNonzero;

  /** Seconds since the last access of the last item evicted (memcached's {@code evicted_time}). */
  public final long[] evictedTime;

  public final long[] reclaimed;
  public final long[] expiredUnfetched;
  public final long[] evictedUnfetched;

  /** Expired items the crawler (the background reclaim, or {@code lru_crawler crawl}) unlinked. */
  public final long[] crawlerReclaimed;

  /**
   * Whether the class ever held an item: memcached keeps a class's slab pages once it has them, so
   * {@code stats slabs} lists it after its items are gone.
   */
  public final boolean[] used;

  ClassTally(int classes) {
    int n = classes + 1;
    items = new long[n];
    requested = new long[n];
    evicted = new long[n];
    evictedNonzero = new long[n];
    evictedTime = new long[n];
    reclaimed = new long[n];
    expiredUnfetched = new long[n];
    evictedUnfetched = new long[n];
    crawlerReclaimed = new long[n];
    used = new boolean[n];
  }

  /** Adds another shard's counters (the latest eviction time of either). */
  void add(ClassTally o) {
    for (int i = 0; i < items.length; i++) {
      items[i] += o.items[i];
      requested[i] += o.requested[i];
      evicted[i] += o.evicted[i];
      evictedNonzero[i] += o.evictedNonzero[i];
      evictedTime[i] = Math.max(evictedTime[i], o.evictedTime[i]);
      reclaimed[i] += o.reclaimed[i];
      expiredUnfetched[i] += o.expiredUnfetched[i];
      evictedUnfetched[i] += o.evictedUnfetched[i];
      crawlerReclaimed[i] += o.crawlerReclaimed[i];
      used[i] |= o.used[i];
    }
  }
}
