package io.memkube.cacheserver.storage;

import static io.memkube.cacheserver.storage.ItemLayout.*;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * The two statistics that look at every item rather than at counters: {@code stats cachedump} (keys
 * of one slab class) and {@code stats sizes} (items per 32-byte size bucket). memcached walks an
 * LRU list for the first and keeps a histogram up to date for the second; memkube has neither list
 * nor histogram, so both walk the index, a slice of slots per taking of a shard's lock (as the
 * background reclaim does), so that requests never wait for a whole shard's walk.
 */
public final class ItemScan {
  /**
   * Most items a dump without a limit keeps: memcached's answer stops at 2 MB, and a line is at
   * least 16 bytes ({@code ITEM k [0 b; 0 s]}).
   */
  private static final int MAX_DUMPED = 2 * 1024 * 1024 / 16;

  /** Index slots looked at per taking of a shard's lock. */
  private static final int SLICE = 4096;

  /** One item of a {@code stats cachedump} answer. */
  public record DumpedItem(byte[] key, int valueLength, long exptimeUnix, int time, long cas) {}

  private final Cache cache;

  public ItemScan(Cache cache) {
    this.cache = cache;
  }

  /**
   * The live items of one memcached slab class, most recently written or bumped first (memcached
   * lists its LRU from the head), at most {@code limit} of them (0: all). Items with base64 keys
   * are left out, as memcached leaves them out.
   */
  public List<DumpedItem> dump(int classId, int limit) {
    // the newest `keep` only, in a heap whose head is the oldest kept: a dump of a class of
    // millions of items holds no more than its answer can show
    int keep = limit > 0 ? limit : MAX_DUMPED;
    Comparator<DumpedItem> newestFirst =
        Comparator.comparingInt(DumpedItem::time).thenComparingLong(DumpedItem::cas).reversed();
    PriorityQueue<DumpedItem> found = new PriorityQueue<>(newestFirst.reversed());
    SlabClasses classes = cache.slabClasses();
    Clock clock = cache.clock();
    walk(
        (s, p, off) -> {
          if ((p.get(off + ITEM_FLAGS) & F_KEY_BINARY) != 0
              || classes.classOf(s.memcachedSize(p, off)) != classId) {
            return;
          }
          byte[] key = key(p, off);
          int exptime = p.getInt(off + EXPTIME);
          long unix = exptime == 0 ? 0 : clock.unixTime(exptime);
          found.add(
              new DumpedItem(
                  key,
                  p.getInt(off + VALUE_LENGTH),
                  unix,
                  p.getInt(off + TIME),
                  p.getLong(off + CAS)));
          if (found.size() > keep) {
            found.poll();
          }
        });
    // newest first; within a second the later store has the higher CAS
    List<DumpedItem> out = new ArrayList<>(found);
    out.sort(newestFirst);
    return out;
  }

  /** One line of {@code lru_crawler metadump}. */
  public record MetaItem(
      byte[] key,
      long exptimeUnix,
      long lastAccessUnix,
      long cas,
      boolean fetched,
      int classId,
      long size) {}

  /**
   * Every live item for {@code lru_crawler metadump}, a shard's index slice at a time; {@code
   * classIds} null for all classes. Items with base64 keys are left out, as in {@link #dump}.
   */
  public void metadump(boolean[] classIds, java.util.function.Consumer<MetaItem> each) {
    SlabClasses classes = cache.slabClasses();
    Clock clock = cache.clock();
    walk(
        (s, p, off) -> {
          if ((p.get(off + ITEM_FLAGS) & F_KEY_BINARY) != 0) {
            return;
          }
          long size = s.memcachedSize(p, off);
          int cls = classes.classOf(size);
          if (classIds != null && (cls >= classIds.length || !classIds[cls])) {
            return;
          }
          byte[] key = key(p, off);
          int exptime = p.getInt(off + EXPTIME);
          each.accept(
              new MetaItem(
                  key,
                  exptime == 0 ? -1 : clock.unixTime(exptime),
                  clock.unixTime(p.getInt(off + TIME)),
                  p.getLong(off + CAS),
                  (p.get(off + ITEM_FLAGS) & F_FETCHED) != 0,
                  cls,
                  size));
        });
  }

  /**
   * memcached's {@code stats sizes}: live items per size bucket (memcached's item size rounded up
   * to 32 bytes), counting only items whose CAS is above {@code casAbove} (memcached counts the
   * items stored after the histogram was enabled, which is what their CAS says).
   */
  public TreeMap<Long, Long> sizes(long casAbove) {
    TreeMap<Long, Long> buckets = new TreeMap<>();
    walk(
        (s, p, off) -> {
          if (Long.compareUnsigned(p.getLong(off + CAS), casAbove) <= 0) {
            return;
          }
          long size = s.memcachedSize(p, off);
          long bucket = (size + 31) / 32 * 32;
          buckets.merge(bucket, 1L, Long::sum);
        });
    return buckets;
  }

  /**
   * Every live item, copied, for a warm restart's memory file. The sink runs under a shard's lock,
   * so it is meant for a server that no longer takes requests.
   */
  public void forEachLive(java.util.function.Consumer<SavedItem> sink) {
    Clock clock = cache.clock();
    walk(
        (s, p, off) -> {
          byte[] key = key(p, off);
          byte[] value = new byte[p.getInt(off + VALUE_LENGTH)];
          p.get(valueStart(p, off), value);
          int exptime = p.getInt(off + EXPTIME);
          long unix = exptime == 0 ? 0 : clock.unixTime(exptime);
          sink.accept(
              new SavedItem(
                  key,
                  (p.get(off + ITEM_FLAGS) & F_KEY_BINARY) != 0,
                  clientFlags(p, off),
                  unix,
                  p.getLong(off + CAS),
                  value));
        });
  }

  private interface Visitor {
    void item(Shard shard, ByteBuffer page, int off);
  }

  private void walk(Visitor v) {
    for (Shard s : cache.shards()) {
      int from = 0;
      while (from >= 0) {
        s.lock.lock();
        try {
          from = s.visit(from, SLICE, (ref) -> live(s, ref, v));
        } finally {
          s.lock.unlock();
        }
      }
    }
  }

  private void live(Shard s, int ref, Visitor v) {
    ByteBuffer p = s.pageOf(ref);
    int off = s.offsetOf(ref);
    if (!cache.isExpiredOrFlushed(p, off)) {
      v.item(s, p, off);
    }
  }
}
