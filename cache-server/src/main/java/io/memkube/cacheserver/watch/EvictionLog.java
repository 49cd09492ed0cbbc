package io.memkube.cacheserver.watch;

import io.memkube.cacheserver.storage.EvictionListener;
import java.nio.ByteBuffer;

/** The {@code evictions} watchers' lines: memcached's {@code type=eviction}. */
public final class EvictionLog implements EvictionListener {
  private final Watchers watchers;

  public EvictionLog(Watchers watchers) {
    this.watchers = watchers;
  }

  @Override
  public boolean enabled() {
    return watchers.watching(WatchFlags.EVICTIONS);
  }

  @Override
  public void evicted(
      ByteBuffer page,
      int keyStart,
      int keyLength,
      boolean fetched,
      int ttl,
      int lastAccessAge,
      int slabClass,
      int valueLength) {
    watchers.publish(
        WatchFlags.EVICTIONS,
        new LogLine("eviction")
            .key(page, keyStart, keyLength)
            .field("fetch", fetched ? "yes" : "no")
            .field("ttl", ttl)
            .field("la", lastAccessAge)
            .field("clsid", slabClass)
            .field("size", valueLength));
  }
}
