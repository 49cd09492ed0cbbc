package io.memkube.cacheserver.storage;

/** Storage counters summed over the shards, for the {@code stats} command. */
public final class StorageStats {
  public long currItems;
  public long bytes;
  public long totalItems;
  public long evictions;
  public long reclaimed;
  public long expiredUnfetched;
  public long evictedUnfetched;
  public long evictedActive;
  public long hashSlots;
  public long hashBytes;
  public int pageSize;
  public int pagesAllocated;
  public int pagesLimit;
  public long limitBytes;
  public int shards;
}
