package io.memkube.cacheserver.command;

import io.memkube.cacheserver.storage.CacheHandle;
import io.memkube.cacheserver.storage.StoreMode;
import io.memkube.cacheserver.storage.StoreResult;
import io.memkube.cacheserver.watch.LogLine;
import io.memkube.cacheserver.watch.WatchFlags;
import io.memkube.cacheserver.watch.Watchers;
import io.netty.buffer.ByteBuf;
import java.util.Locale;

/**
 * The watcher lines of item commands, as memcached 1.6.18 writes them: {@code item_get} for every
 * lookup (a store looks its key up first, so it logs one too) and {@code item_store} for every
 * store. Callers check {@link Watchers#watching} before calling.
 */
final class ItemLog {
  private ItemLog() {}

  /** {@code item_get}: the key looked up, whether found, and the found item's class and size. */
  static void fetched(ConnectionContext ctx, ByteBuf key, int start, int length, CacheHandle h) {
    boolean found = h.found();
    LogLine line =
        new LogLine("item_get")
            .key(key, start, length)
            .field("status", found ? "found" : "not_found")
            .field("clsid", found ? ctx.cache.slabClasses().classOf(h.memcachedSize()) : 0)
            .field("cfd", ctx.connectionId)
            .field("size", found ? h.valueLength() : 0);
    ctx.watchers.publish(WatchFlags.FETCHERS, line);
  }

  /**
   * {@code item_store}: the outcome, the command ({@code ms} logs as the mode it stores with), the
   * TTL given and the new item's class and value size.
   */
  static void stored(
      ConnectionContext ctx,
      ByteBuf key,
      int start,
      int length,
      StoreMode mode,
      StoreResult result,
      int ttl,
      long clientFlags,
      int valueLength) {
    LogLine line =
        new LogLine("item_store")
            .key(key, start, length)
            .field("status", result.name().toLowerCase(Locale.ROOT))
            .field("cmd", mode.name().toLowerCase(Locale.ROOT))
            .field("ttl", Math.max(0, ttl))
            .field(
                "clsid",
                ctx.cache
                    .slabClasses()
                    .classOf(ctx.cache.memcachedItemSize(length, clientFlags, valueLength)))
            .field("cfd", ctx.connectionId)
            .field("size", valueLength);
    ctx.watchers.publish(WatchFlags.MUTATIONS, line);
  }
}
