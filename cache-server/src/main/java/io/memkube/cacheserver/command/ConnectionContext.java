package io.memkube.cacheserver.command;

import io.memkube.cacheserver.config.ServerSettings;
import io.memkube.cacheserver.stats.ServerStats;
import io.memkube.cacheserver.stats.SlabCounters.Counter;
import io.memkube.cacheserver.storage.Arithmetic;
import io.memkube.cacheserver.storage.Cache;
import io.memkube.cacheserver.storage.CacheHandle;
import io.memkube.cacheserver.storage.ItemStorer;

/** Per-connection state the commands share: the cache handle and reusable helpers. */
final class ConnectionContext {
  final Cache cache;
  final CacheHandle handle;
  final ItemStorer storer = new ItemStorer();
  final Arithmetic arithmetic = new Arithmetic();
  final ServerStats stats;
  final ServerSettings settings;
  final ConnectionRegistry connections;
  final CertificateRefresh certificates;

  /** Where watcher lines go ({@code watch}); none until the network layer attaches its own. */
  io.memkube.cacheserver.watch.Watchers watchers = io.memkube.cacheserver.watch.Watchers.NONE;

  /** The connection's number in {@code stats conns} and in watcher lines ({@code cfd=}). */
  int connectionId;

  ConnectionContext(
      Cache cache,
      ServerStats stats,
      ServerSettings settings,
      ConnectionRegistry connections,
      CertificateRefresh certificates) {
    this.cache = cache;
    this.handle = cache.newHandle();
    this.stats = stats;
    this.settings = settings;
    this.connections = connections;
    this.certificates = certificates;
  }

  /** Counts a hit (or a change) on the item the handle holds, in that item's slab class. */
  void countHit(Counter counter, CacheHandle h) {
    stats.slabs.increment(counter, cache.slabClasses().classOf(h.memcachedSize()));
  }

  /** Counts a storage command ({@code cmd_set}) in the class of the item it writes. */
  void countSet(int keyLength, long clientFlags, long valueLength) {
    stats.slabs.increment(
        Counter.CMD_SET,
        cache.slabClasses().classOf(cache.memcachedItemSize(keyLength, clientFlags, valueLength)));
  }

  /** Moves the handle's lazily counted expiries into the server counters. */
  void flushLookupCounters() {
    if (handle.getExpired != 0) {
      stats.getExpired.add(handle.getExpired);
      handle.getExpired = 0;
    }
    if (handle.getFlushed != 0) {
      stats.getFlushed.add(handle.getFlushed);
      handle.getFlushed = 0;
    }
    if (storer.casHits != 0 || storer.casBadval != 0 || storer.casMisses != 0) {
      int cls = cache.slabClasses().classOf(storer.casItemSize);
      stats.slabs.add(Counter.CAS_HITS, cls, storer.casHits);
      stats.slabs.add(Counter.CAS_BADVAL, cls, storer.casBadval);
      stats.casMisses.add(storer.casMisses);
      storer.casHits = 0;
      storer.casBadval = 0;
      storer.casMisses = 0;
    }
  }
}
