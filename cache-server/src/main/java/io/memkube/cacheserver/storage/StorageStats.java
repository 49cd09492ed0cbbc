package io.memkube.cacheserver.storage;

/** Storage counters summed over the shards, for the {@code stats} command. */
public final class StorageStats {
  /** memcached's slab classes the per-class counters are indexed by. */
  public final SlabClasses slabClasses;

  /** Per-class counters, summed over the shards. */
  public final ClassTally classes;

  public long currItems;

  /** Bytes the items take in memkube's pages (never more than the limit). */
  public long bytes;

  /** Seconds since the oldest item was last written or bumped (memcached's LRU tail age). */
  public long oldestItemAge;

  public long totalItems;
  public long evictions;
  public long reclaimed;
  public long expiredUnfetched;
  public long evictedUnfetched;
  public long evictedActive;
  public long hashSlots;

  /** memcached's {@code hash_power_level} ({@link Cache#hashPowerLevel}). */
  public int hashPowerLevel;

  public long hashBytes;
  public int pageSize;
  public int pagesAllocated;

  /** Bytes counted as allocated before the first page ({@code T_MEMD_INITIAL_MALLOC}). */
  public long mallocedBefore;

  public int pagesLimit;
  public long limitBytes;
  public int shards;

  /**
   * The pages memcached would hold for a class's items: the fewest that fit them (memcached keeps
   * pages a class once used; class 0, its global page pool, holds none here).
   */
  public long memcachedPages(int classId) {
    if (classId <= 0) {
      return 0;
    }
    int perPage = slabClasses.chunksPerPage(classId);
    long pages = (classes.items[classId] + perPage - 1) / perPage;
    return Math.max(pages, classes.used[classId] ? 1 : 0);
  }

  StorageStats(SlabClasses slabClasses) {
    this.slabClasses = slabClasses;
    this.classes = new ClassTally(slabClasses.count());
  }
}
