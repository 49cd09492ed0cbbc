package io.memkube.cacheserver.storage;

import java.nio.ByteBuffer;

/**
 * Told of each item evicted to make room (not of expired ones reclaimed), under its shard's lock:
 * what the {@code evictions} watchers see. Implementations must be quick and must not touch the
 * cache.
 */
public interface EvictionListener {
  /** Whether to call {@link #evicted} at all (checked per evicted item). */
  boolean enabled();

  /**
   * @param page the item's page; the key is {@code [keyStart, keyStart + keyLength)}
   * @param fetched whether the item was read since it was stored
   * @param ttl seconds it had left, -1 for none
   * @param lastAccessAge seconds since it was last stored or read
   * @param slabClass memcached's class for its size
   * @param valueLength its value's bytes
   */
  void evicted(
      ByteBuffer page,
      int keyStart,
      int keyLength,
      boolean fetched,
      int ttl,
      int lastAccessAge,
      int slabClass,
      int valueLength);
}
