package io.memkube.cacheserver.storage;

import static io.memkube.cacheserver.storage.ItemLayout.*;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The item store: lock-striped {@link Shard}s over one pool of off-heap pages, memcached's global
 * CAS counter, and flush_all's lazy cut-off. Connections use it through a {@link CacheHandle} each.
 */
public final class Cache implements AutoCloseable {
  /** memcached's slab page size; pages are larger only when -I is. */
  static final int DEFAULT_PAGE_SIZE = 1024 * 1024;

  /** Index slots the background reclaim looks at per taking of a shard's lock. */
  private static final int RECLAIM_SLICE = 4096;

  /**
   * Pages {@link #shrinkToLimit} frees per call: 64 MiB a second, a lock of one shard at a time.
   */
  private static final int SHRINK_SLICE = 64;

  private final Shard[] shards;
  private final int shardShift;
  private final PagePool pool;
  private final Clock clock;
  private final SlabClasses slabClasses;
  private final long itemSizeMax;
  private final int alignShift;
  private final AtomicLong casCounter = new AtomicLong();
  private volatile int hashPowerLevel = 16;
  private volatile long limitBytes;

  /** Bytes counted as allocated before any page was (memcached's T_MEMD_INITIAL_MALLOC hook). */
  private volatile long mallocedBefore;

  private volatile int oldestLive;
  private int sweptFlush;
  private volatile long oldestCas;
  private boolean casEnabled = true;
  private boolean evictionsEnabled = true;
  private int stealCursor;

  /**
   * @param limitBytes {@code -m} in bytes
   * @param itemSizeMax {@code -I} in bytes
   */
  public Cache(long limitBytes, long itemSizeMax, Clock clock) {
    this(limitBytes, itemSizeMax, clock, SlabClasses.defaults());
  }

  /**
   * @param limitBytes {@code -m} in bytes
   * @param itemSizeMax {@code -I} in bytes
   * @param slabClasses memcached's class table for this {@code -f}/{@code -n}, for statistics
   */
  public Cache(long limitBytes, long itemSizeMax, Clock clock, SlabClasses slabClasses) {
    this.slabClasses = slabClasses;
    this.clock = clock;
    this.itemSizeMax = itemSizeMax;
    this.limitBytes = limitBytes;
    int pageSize = DEFAULT_PAGE_SIZE;
    while (pageSize < itemSizeMax) {
      pageSize <<= 1;
    }
    // a 31-bit reference names 2^31 alignment units: items are 2-byte aligned up to 4 GiB of -m,
    // 4-byte up to 8 GiB, and so on, so that every page of the limit can be named
    int shift = 1;
    while (limitBytes / pageSize > maxPages(pageSize, shift)
        && shift < Integer.numberOfTrailingZeros(pageSize) - 1) {
      shift++;
    }
    this.alignShift = shift;
    int maxPages = maxPages(pageSize, shift);
    int pages = (int) Math.max(2, Math.min(maxPages, limitBytes / pageSize));
    this.pool = new PagePool(pageSize, maxPages, pages);
    // enough stripes for 2 or more threads, few enough that each keeps several pages
    int n = Integer.highestOneBit(Math.max(1, Math.min(16, pages / 8)));
    this.shards = new Shard[n];
    for (int i = 0; i < n; i++) {
      shards[i] = new Shard(this, pool);
    }
    this.shardShift = 32 - Integer.numberOfTrailingZeros(n);
  }

  /**
   * Pages of this size an item reference can name: the page id takes the bits the offset leaves.
   */
  private static int maxPages(int pageSize, int alignShift) {
    int offsetBits = Integer.numberOfTrailingZeros(pageSize) - alignShift;
    return (1 << Math.min(30, 31 - offsetBits)) - 1;
  }

  /** Items start at multiples of {@code 1 << alignShift()} bytes. */
  int alignShift() {
    return alignShift;
  }

  /** memcached's ITEM_ntotal: header 48, CAS 8, key + NUL, flags if non-zero, data + CRLF. */
  public static long itemSize(int keyLength, long clientFlags, long valueLength) {
    return 48 + 8 + keyLength + 1 + (clientFlags != 0 ? 4 : 0) + valueLength + 2;
  }

  /** memcached's ITEM_ntotal on this server: without the 8 bytes of CAS under {@code -C}. */
  public long memcachedItemSize(int keyLength, long clientFlags, long valueLength) {
    return itemSize(keyLength, clientFlags, valueLength) - (casEnabled ? 0 : 8);
  }

  /**
   * {@code -C}: as in memcached, items show CAS 0 and no CAS compare ever matches. memkube still
   * numbers its items internally (its {@code flush_all} relies on that), but no client sees it.
   */
  public void disableCas() {
    casEnabled = false;
  }

  public boolean casEnabled() {
    return casEnabled;
  }

  /** {@code -M}: a store that finds no room fails instead of evicting. */
  public void disableEvictions() {
    evictionsEnabled = false;
  }

  public boolean evictionsEnabled() {
    return evictionsEnabled;
  }

  private final LruCrawler crawler = new LruCrawler(this);

  private volatile EvictionListener evictionListener;

  /** The pass that unlinks expired items, under memcached's name and switches. */
  public LruCrawler crawler() {
    return crawler;
  }

  /** Tells {@code listener} of every item evicted from now on (the {@code evictions} watchers). */
  public void onEviction(EvictionListener listener) {
    this.evictionListener = listener;
  }

  EvictionListener evictionListener() {
    return evictionListener;
  }

  /** A handle for one connection (not thread-safe). */
  public CacheHandle newHandle() {
    return new CacheHandle(this);
  }

  /** memcached's slab classes, by which items are counted. */
  public SlabClasses slabClasses() {
    return slabClasses;
  }

  public Clock clock() {
    return clock;
  }

  public long itemSizeMax() {
    return itemSizeMax;
  }

  public long limitBytes() {
    return limitBytes;
  }

  Shard shardFor(int hash) {
    return shards.length == 1 ? shards[0] : shards[hash >>> shardShift];
  }

  /** memcached's get_cas_id(): the next value of the global counter. */
  public long nextCas() {
    return casCounter.incrementAndGet();
  }

  boolean isExpiredOrFlushed(ByteBuffer p, int off) {
    return isFlushed(p, off) || clock.expired(p.getInt(off + EXPTIME));
  }

  boolean isFlushed(ByteBuffer p, int off) {
    int live = oldestLive;
    if (live == 0 || Integer.compareUnsigned(live, clock.now()) > 0) {
      return false;
    }
    if (Integer.compareUnsigned(p.getInt(off + TIME), live) <= 0) {
      return true;
    }
    long oc = oldestCas;
    long cas = p.getLong(off + CAS);
    return oc != 0 && cas != 0 && Long.compareUnsigned(cas, oc) < 0;
  }

  /**
   * memcached's flush_all: items last written or bumped at or before the deadline (now, or {@code
   * realtime(delay)}) are dropped lazily once the deadline has passed.
   */
  public void flushAll(int delay) {
    int newOldest = delay > 0 ? clock.realtime(delay) : clock.now();
    if (!casEnabled) {
      // memcached -C has no CAS to tell this second's later writes from earlier ones: they are
      // flushed too (its t/flush-all.t expects a set right after flush_all to be lost at times)
      oldestLive = newOldest;
      return;
    }
    int live = newOldest - 1;
    oldestLive = live;
    if (Integer.compareUnsigned(live, clock.now()) <= 0) {
      oldestCas = nextCas();
    }
  }

  /** Lets a shard out of pages take the oldest page of another (tryLock, so no deadlock). */
  int stealPage(Shard requester) {
    for (int round = 0; round < 3; round++) {
      Shard best = null;
      for (Shard s : shards) {
        if (s != requester && (best == null || s.pageCount() > best.pageCount())) {
          best = s;
        }
      }
      if (best == null) {
        return 0;
      }
      for (int i = 0; i < shards.length; i++) {
        Shard s = i == 0 ? best : shards[(stealCursor++ & 0x7fffffff) % shards.length];
        if (s == requester || !s.lock.tryLock()) {
          continue;
        }
        try {
          int page = s.surrenderOldestPage();
          if (page != 0) {
            return page;
          }
        } finally {
          s.lock.unlock();
        }
      }
      Thread.onSpinWait();
    }
    return 0;
  }

  /**
   * Takes the oldest closed page of all shards for {@code requester} (null: for the pool) when it
   * is older than {@code than} (the requester's own oldest), evicting its items; 0 when the
   * requester's own is the oldest or the owner is busy (tryLock, so no deadlock: the requester then
   * recycles its own).
   */
  int takePageOlderThan(Shard requester, long than) {
    Shard owner = null;
    long oldest = than;
    for (Shard s : shards) {
      long sealed = s.oldestSealed();
      if (s != requester && sealed < oldest) {
        owner = s;
        oldest = sealed;
      }
    }
    if (owner == null || !owner.lock.tryLock()) {
      return 0;
    }
    try {
      return owner.oldestSealed() < than ? owner.surrenderOldestPage() : 0;
    } finally {
      owner.lock.unlock();
    }
  }

  /**
   * Unlinks expired and flushed items in every shard that holds items with an expiry time, or all
   * of them once a flush_all has passed since the last sweep ({@code lru_crawler crawl}). A cache
   * of items that never expire costs nothing here (a sweep reads every item's header: about a
   * second of CPU for four million items). The lock is taken a slice of the index at a time.
   */
  public long reclaimExpired() {
    return Math.max(0, reclaim(false));
  }

  /**
   * The background reclaim, run every second: sweeps only the shards where an item may have expired
   * (or all after a flush_all), so that expired items and their memory come back within a second or
   * two as in memcached, where its LRU maintainer reclaims them; a shard whose last sweep took
   * {@code d} waits {@code 9d} before the next, so sweeping a large cache takes at most a tenth of
   * one thread.
   *
   * @return whether any shard was swept
   */
  public boolean reclaimDue() {
    return reclaim(true) >= 0;
  }

  /**
   * @return items reclaimed, or -1 when no shard was swept
   */
  private long reclaim(boolean onlyDue) {
    int flush = oldestLive;
    boolean flushDue = flush != 0 && flush != sweptFlush && !isFlushPending();
    long n = -1;
    for (Shard s : shards) {
      // read without the lock: a stale value only moves the sweep to the next run
      boolean due =
          flushDue
              || (onlyDue
                  ? s.expiryDue() && System.nanoTime() - s.nextSweepAt >= 0
                  : s.expiring > 0);
      if (!due) {
        continue;
      }
      long started = System.nanoTime();
      n = Math.max(n, 0);
      int next = 0;
      while (next >= 0) {
        s.lock.lock();
        try {
          long before = s.reclaimed;
          next = s.reclaimExpired(next, RECLAIM_SLICE);
          n += s.reclaimed - before;
        } finally {
          s.lock.unlock();
        }
      }
      long ended = System.nanoTime();
      s.nextSweepAt = ended + 9 * (ended - started);
    }
    if (flushDue) {
      sweptFlush = flush;
    }
    return n;
  }

  /**
   * Gives the pool back every page that holds no linked item, from every shard; run every second.
   *
   * @return how many
   */
  public int releaseEmptyPages() {
    int n = 0;
    for (Shard s : shards) {
      s.lock.lock();
      try {
        n += s.releaseEmptyPages();
      } finally {
        s.lock.unlock();
      }
    }
    return n;
  }

  /**
   * One page of a scan of every live key, for moving keys off a server that leaves the ring
   * (memkube's {@code mk_scan}). A cursor names a shard and a slot in its index; 0 starts, and 0 is
   * returned once every shard has been scanned. The lock is taken one slice at a time. Best effort,
   * as a scan of a changing table is: a key stored or moved in the index during the scan may be
   * missed or named twice.
   *
   * @param max about how many slots to look at (the page may name fewer keys)
   */
  public long scanKeys(long cursor, int max, KeySink sink) {
    int shard = (int) (cursor >>> 32);
    int slot = (int) cursor;
    if (shard < 0 || shard >= shards.length || slot < 0) {
      return 0;
    }
    Shard s = shards[shard];
    int next;
    s.lock.lock();
    try {
      next = s.scanKeys(slot, Math.max(1, max), sink);
    } finally {
      s.lock.unlock();
    }
    if (next >= 0) {
      return ((long) shard << 32) | next;
    }
    return shard + 1 < shards.length ? (long) (shard + 1) << 32 : 0;
  }

  /**
   * After {@code cache_memlimit} lowered the limit below the pages allocated: evicts the oldest
   * pages of all shards and frees them, up to {@code SHRINK_SLICE} pages a call (run every second
   * after {@link #releaseEmptyPages}), until the limit is met. With {@code -M} nothing is evicted:
   * only pages that empty on their own are freed. A page a shard is writing stays.
   *
   * @return pages freed
   */
  public int shrinkToLimit() {
    int n = 0;
    while (evictionsEnabled && n < SHRINK_SLICE && pool.overLimit()) {
      int page = takePageOlderThan(null, Long.MAX_VALUE);
      if (page == 0) {
        break;
      }
      pool.release(page);
      n++;
    }
    return n;
  }

  /** A delayed flush_all whose deadline has not come yet. */
  private boolean isFlushPending() {
    return Integer.compareUnsigned(oldestLive, clock.now()) > 0;
  }

  /** cache_memlimit: sets the memory limit; false when it is below two pages. */
  public boolean setLimitBytes(long bytes) {
    if (bytes / pool.pageSize() < 2) {
      return false;
    }
    limitBytes = bytes;
    applyLimit();
    return true;
  }

  /**
   * memcached's {@code T_MEMD_INITIAL_MALLOC} (read by its release build too, and used by its
   * t/64bit.t): counts {@code bytes} as item memory already allocated, in {@code total_malloced}
   * and against {@code -m}, so that a test can reach a limit over 4 GB without allocating it.
   */
  public void countAsMallocedBefore(long bytes) {
    mallocedBefore = Math.max(0, bytes);
    applyLimit();
  }

  private void applyLimit() {
    // as memcached gives a class its first page whatever the limit, one page is always allowed
    long pages = Math.max(1, (limitBytes - mallocedBefore) / pool.pageSize());
    pool.setLimit((int) Math.min(Integer.MAX_VALUE, pages));
  }

  /**
   * Frees the item memory and the index now (not when the collector finds the buffers). Only once
   * no thread uses the cache any more: a later access reads freed memory.
   */
  @Override
  public void close() {
    crawler.close();
    for (Shard s : shards) {
      s.lock.lock();
      try {
        s.free();
      } finally {
        s.lock.unlock();
      }
    }
    pool.free();
  }

  /**
   * Puts back an item a warm restart saved, with its CAS and expiry; the CAS counter moves past it.
   * An item that expired while the server was down is left out.
   *
   * @return whether the item is in the cache (false: expired, or no memory for it)
   */
  public boolean restore(SavedItem item) {
    int exptime = item.exptimeUnix() == 0 ? 0 : clock.realtime(item.exptimeUnix());
    if (clock.expired(exptime)) {
      return false;
    }
    ByteBuf key = Unpooled.wrappedBuffer(item.key());
    CacheHandle h = newHandle();
    h.lockForStore(key, 0, item.key().length);
    try {
      if (!h.allocate(item.flags(), exptime, item.value().length)) {
        return false;
      }
      h.putValue(0, Unpooled.wrappedBuffer(item.value()), 0, item.value().length);
      if (item.binaryKey()) {
        h.setNewKeyBinary();
      }
      h.linkNew();
      h.setCas(item.cas());
    } finally {
      h.release();
    }
    casCounter.accumulateAndGet(item.cas(), Math::max);
    return true;
  }

  /**
   * memcached's {@code hash_power_level}: its hash table starts at 2^16 buckets (or {@code -o
   * hashpower}) and doubles once it holds more than 1.5 items a bucket, never shrinking. memkube's
   * index grows per shard by its own rule, so the level is kept by memcached's rule from the item
   * count (followed every second, as memcached's expansion runs in the background).
   */
  public int hashPowerLevel() {
    return hashPowerLevel;
  }

  /** Starts the level at {@code -o hashpower}, or at a warm restart's saved level. */
  public void hashPowerAtLeast(int level) {
    hashPowerLevel = Math.max(hashPowerLevel, level);
  }

  /** Raises the level as memcached's table would grow for the items there are now. */
  public void followItemCount() {
    long items = 0;
    for (Shard s : shards) {
      items += s.currItems; // a racy read is fine: the next second reads it again
    }
    int level = hashPowerLevel;
    while (items > (3L << level) / 2 && level < 62) {
      level++;
    }
    hashPowerLevel = level;
  }

  /** The CAS the last store took (the next one takes a higher one). */
  public long currentCas() {
    return casCounter.get();
  }

  /** The lock stripes, for {@link ItemScan}. */
  Shard[] shards() {
    return shards;
  }

  /** A consistent-per-shard snapshot of the storage counters. */
  public StorageStats stats() {
    StorageStats st = new StorageStats(slabClasses);
    int oldest = 0;
    for (Shard s : shards) {
      s.lock.lock();
      try {
        st.classes.add(s.tally);
        int t = s.oldestItemTime();
        if (t != 0 && (oldest == 0 || Integer.compareUnsigned(t, oldest) < 0)) {
          oldest = t;
        }
        st.currItems += s.currItems;
        st.bytes += s.bytes;
        st.totalItems += s.totalItems;
        st.evictions += s.evictions;
        st.reclaimed += s.reclaimed;
        st.expiredUnfetched += s.expiredUnfetched;
        st.evictedUnfetched += s.evictedUnfetched;
        st.evictedActive += s.evictedActive;
        st.hashSlots += s.tableLength();
        st.hashBytes += (long) s.tableLength() * IndexTable.SLOT_BYTES;
      } finally {
        s.lock.unlock();
      }
    }
    st.oldestItemAge = oldest == 0 ? 0 : Math.max(0, clock.now() - oldest);
    st.pageSize = pool.pageSize();
    st.pagesAllocated = pool.allocatedPages();
    st.mallocedBefore = mallocedBefore;
    st.pagesLimit = pool.limitPages();
    st.limitBytes = limitBytes;
    st.shards = shards.length;
    st.hashPowerLevel = hashPowerLevel;
    return st;
  }
}
