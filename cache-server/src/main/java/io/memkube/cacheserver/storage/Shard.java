package io.memkube.cacheserver.storage;

import static io.memkube.cacheserver.storage.ItemLayout.*;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock stripe of the cache: an open-addressing index from key hash to item reference, and a log
 * of pages that items are appended to. When memory runs out the oldest page is recycled, item by
 * item as new items need room: items hit twice since they were written (memcached's ACTIVE) are
 * copied forward once (a second chance, so a scan of one-off keys does not flush the working set),
 * expired ones are reclaimed and the rest evicted.
 *
 * <p>All methods require {@link #lock} to be held, except where noted.
 */
final class Shard {
  final ReentrantLock lock = new ReentrantLock();
  private final Cache cache;
  private final PagePool pool;
  private final int pageSize;
  private final int offsetBits;
  private final int alignShift;

  // index: item references (0 = empty) with hash tags; linear probing, backward-shift deletion
  private IndexTable table = new IndexTable(1024);
  private int size;

  // pages in write order, oldest first (a ring), and the page being written
  private int[] fifo = new int[16];
  private int fifoHead;
  private int fifoCount;
  private int writePage;
  private int writeOffset;

  /** When the oldest closed page was closed ({@link PagePool#sealedAt}); none: Long.MAX_VALUE. */
  private volatile long oldestSealed = Long.MAX_VALUE;

  /**
   * A recycled write page's items not yet looked at, {@code [recycleFrom, recycleEnd)}: they are
   * kept, reclaimed or evicted only as new items need their room, so that a full cache evicts about
   * as many bytes as each store needs, as memcached does, rather than a page at once.
   */
  private int recycleFrom;

  private int recycleEnd;

  /** When the background reclaim may sweep this shard again (System.nanoTime()). */
  volatile long nextSweepAt;

  // statistics, guarded by the lock
  long currItems;

  /** Bytes the linked items take in the pages (header, flags, key, value, alignment). */
  long bytes;

  long totalItems;
  long evictions;
  long reclaimed;
  long expiredUnfetched;
  long evictedUnfetched;
  long evictedActive;

  /** Linked items with an expiry time: the background reclaim skips a shard that has none. */
  long expiring;

  /**
   * No linked item expires before this (a lower bound: an item deleted or rewritten leaves it where
   * it was); 0 when none was linked since the last sweep. The background reclaim waits for it.
   */
  int soonestExpiry;

  private final SlabClasses classes;
  final ClassTally tally;

  Shard(Cache cache, PagePool pool) {
    this.cache = cache;
    this.pool = pool;
    this.pageSize = pool.pageSize();
    this.alignShift = cache.alignShift();
    this.offsetBits = Integer.numberOfTrailingZeros(pageSize) - alignShift;
    this.classes = cache.slabClasses();
    this.tally = new ClassTally(classes.count());
  }

  // ---- references ----

  int ref(int page, int offset) {
    return (page << offsetBits) | (offset >>> alignShift);
  }

  ByteBuffer pageOf(int ref) {
    return pool.page(ref >>> offsetBits);
  }

  int offsetOf(int ref) {
    return (ref & ((1 << offsetBits) - 1)) << alignShift;
  }

  // ---- index ----

  /** The slot of the item with this key, or -1. */
  int find(int hash, ByteBuf key, int keyStart, int keyLength) {
    IndexTable t = table;
    int mask = t.length() - 1;
    byte tag = IndexTable.tag(hash);
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      int ref = t.ref(i);
      if (ref == 0) {
        return -1;
      }
      if (t.tagAt(i) == tag && keyEquals(ref, key, keyStart, keyLength)) {
        return i;
      }
    }
  }

  private boolean keyEquals(int ref, ByteBuf key, int keyStart, int keyLength) {
    ByteBuffer p = pageOf(ref);
    int off = offsetOf(ref);
    if (keyLength(p, off) != keyLength) {
      return false;
    }
    int k = keyStart(p, off);
    int i = 0;
    for (; i + 8 <= keyLength; i += 8) {
      if (p.getLong(k + i) != key.getLong(keyStart + i)) {
        return false;
      }
    }
    for (; i < keyLength; i++) {
      if (p.get(k + i) != key.getByte(keyStart + i)) {
        return false;
      }
    }
    return true;
  }

  int refAt(int slot) {
    return table.ref(slot);
  }

  /** The hash of the key of the item a slot points at (slots keep only a tag of it). */
  private int hashAt(IndexTable t, int slot) {
    int ref = t.ref(slot);
    return storedHash(pageOf(ref), offsetOf(ref));
  }

  private void insert(int hash, int ref) {
    if ((size + 1) * 4L > table.length() * 3L) {
      grow();
    }
    IndexTable t = table;
    int mask = t.length() - 1;
    int i = hash & mask;
    while (t.ref(i) != 0) {
      i = (i + 1) & mask;
    }
    t.set(i, ref, IndexTable.tag(hash));
    size++;
  }

  private void grow() {
    IndexTable old = table;
    IndexTable t = new IndexTable(old.length() * 2);
    int mask = t.length() - 1;
    for (int j = 0; j < old.length(); j++) {
      int ref = old.ref(j);
      if (ref != 0) {
        int i = hashAt(old, j) & mask;
        while (t.ref(i) != 0) {
          i = (i + 1) & mask;
        }
        t.set(i, ref, old.tagAt(j));
      }
    }
    table = t;
    old.free();
  }

  private void removeSlot(int slot) {
    IndexTable t = table;
    int mask = t.length() - 1;
    int hole = slot;
    int i = slot;
    while (true) {
      i = (i + 1) & mask;
      int ref = t.ref(i);
      if (ref == 0) {
        break;
      }
      int home = hashAt(t, i) & mask;
      // move the entry into the hole if its home is not in (hole, i]
      if (((i - home) & mask) >= ((i - hole) & mask)) {
        t.set(hole, ref, t.tagAt(i));
        hole = i;
      }
    }
    t.clear(hole);
    size--;
  }

  private int slotOfRef(int hash, int ref) {
    IndexTable t = table;
    int mask = t.length() - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      int r = t.ref(i);
      if (r == 0) {
        return -1;
      }
      if (r == ref) {
        return i;
      }
    }
  }

  // ---- items ----

  static int storedHash(ByteBuffer p, int off) {
    return KeyHash.hash(p, keyStart(p, off), keyLength(p, off));
  }

  /** Unlinks the item in {@code slot}: out of the index, marked dead, stats adjusted. */
  void unlinkSlot(int slot) {
    markDead(table.ref(slot));
    removeSlot(slot);
  }

  /** Unlinks the expired or flushed item in {@code slot}, counted as reclaimed. */
  void reclaimSlot(int slot) {
    int ref = table.ref(slot);
    ByteBuffer p = pageOf(ref);
    int off = offsetOf(ref);
    countReclaim(p, off, p.get(off + ITEM_FLAGS));
    unlinkSlot(slot);
  }

  private void markDead(int ref) {
    ByteBuffer p = pageOf(ref);
    int off = offsetOf(ref);
    pool.itemUnlinked(ref >>> offsetBits);
    p.put(off + ITEM_FLAGS, (byte) (p.get(off + ITEM_FLAGS) | F_DEAD));
    if (p.getInt(off + EXPTIME) != 0) {
      expiring--;
    }
    currItems--;
    countOut(p, off);
  }

  /** Takes a linked item out of the byte and per-class counts (before it dies or changes). */
  void countOut(ByteBuffer p, int off) {
    long size = memcachedSize(p, off);
    int cls = classes.classOf(size);
    tally.items[cls]--;
    tally.requested[cls] -= size;
    bytes -= physicalSize(p, off, alignShift);
  }

  /** Puts a linked item into the byte and per-class counts. */
  void countIn(ByteBuffer p, int off) {
    long size = memcachedSize(p, off);
    int cls = classes.classOf(size);
    tally.items[cls]++;
    tally.used[cls] = true;
    tally.requested[cls] += size;
    bytes += physicalSize(p, off, alignShift);
  }

  private void countEviction(ByteBuffer p, int off, int itemFlags) {
    evictions++;
    int cls = classes.classOf(memcachedSize(p, off));
    tally.evicted[cls]++;
    if (p.getInt(off + EXPTIME) != 0) {
      tally.evictedNonzero[cls]++;
    }
    tally.evictedTime[cls] = Math.max(0, cache.clock().now() - p.getInt(off + TIME));
    if ((itemFlags & F_FETCHED) == 0) {
      evictedUnfetched++;
      tally.evictedUnfetched[cls]++;
    }
    EvictionListener listener = cache.evictionListener();
    if (listener != null && listener.enabled()) {
      int now = cache.clock().now();
      int exptime = p.getInt(off + EXPTIME);
      listener.evicted(
          p,
          keyStart(p, off),
          keyLength(p, off),
          (itemFlags & F_FETCHED) != 0,
          exptime == 0 ? -1 : Math.max(0, exptime - now),
          Math.max(0, now - p.getInt(off + TIME)),
          cls,
          p.getInt(off + VALUE_LENGTH));
    }
  }

  private void countReclaim(ByteBuffer p, int off, int itemFlags) {
    reclaimed++;
    int cls = classes.classOf(memcachedSize(p, off));
    tally.reclaimed[cls]++;
    if ((itemFlags & F_FETCHED) == 0) {
      expiredUnfetched++;
      tally.expiredUnfetched[cls]++;
    }
  }

  /** When the oldest live item of this shard was last written or bumped; 0 when empty. */
  int oldestItemTime() {
    if (recycleFrom < recycleEnd) {
      // the write page's tail not yet recycled holds the shard's oldest items
      ByteBuffer p = pool.page(writePage);
      for (int off = recycleFrom; off < recycleEnd; off += physicalSize(p, off, alignShift)) {
        if ((p.get(off + ITEM_FLAGS) & F_DEAD) == 0) {
          return p.getInt(off + TIME);
        }
      }
    }
    for (int i = 0; i <= fifoCount; i++) {
      int page = i < fifoCount ? fifo[(fifoHead + i) % fifo.length] : writePage;
      if (page == 0) {
        continue;
      }
      ByteBuffer p = pool.page(page);
      int used = i < fifoCount ? pool.used(page) : writeOffset;
      for (int off = 0; off < used; off += physicalSize(p, off, alignShift)) {
        if ((p.get(off + ITEM_FLAGS) & F_DEAD) == 0) {
          return p.getInt(off + TIME);
        }
      }
    }
    return 0;
  }

  long memcachedSize(ByteBuffer p, int off) {
    return cache.memcachedItemSize(
        keyLength(p, off), clientFlags(p, off), p.getInt(off + VALUE_LENGTH));
  }

  /** Keeps {@link #expiring} right when a linked item's expiry time is rewritten in place. */
  void expiryChanged(int before, int after) {
    if (before == 0 && after != 0) {
      expiring++;
    } else if (before != 0 && after == 0) {
      expiring--;
    }
    expiresAt(after);
  }

  private void expiresAt(int exptime) {
    if (exptime != 0
        && (soonestExpiry == 0 || Integer.compareUnsigned(exptime, soonestExpiry) < 0)) {
      soonestExpiry = exptime;
    }
  }

  /**
   * Links a newly written item (replacing the one in {@code oldSlot} if >= 0). Its header must be
   * complete.
   */
  void link(int ref, int oldSlot) {
    ByteBuffer p = pageOf(ref);
    int off = offsetOf(ref);
    if (oldSlot >= 0) {
      markDead(table.ref(oldSlot));
      table.move(oldSlot, ref);
    } else {
      insert(storedHash(p, off), ref);
    }
    pool.itemLinked(ref >>> offsetBits);
    int exptime = p.getInt(off + EXPTIME);
    if (exptime != 0) {
      expiring++;
      expiresAt(exptime);
    }
    currItems++;
    totalItems++;
    countIn(p, off);
  }

  /**
   * Room for an item of this physical size, evicting old pages if needed.
   *
   * @return the new item's reference, or 0 when no memory can be found
   */
  int allocate(int physicalSize) {
    // with -M a full cache makes a store look at each of this shard's pages once, then fail
    int attempts = cache.evictionsEnabled() ? 64 : Math.min(64, fifoCount + 2);
    for (int attempt = 0; attempt < attempts; attempt++) {
      if (recycleFrom < recycleEnd) {
        recycleUntilRoom(physicalSize);
      }
      int room = recycleFrom < recycleEnd ? recycleFrom : pageSize;
      if (writePage != 0 && writeOffset + physicalSize <= room) {
        int ref = ref(writePage, writeOffset);
        writeOffset += physicalSize;
        if (recycleFrom >= recycleEnd && pageSize - writeOffset < physicalSize >>> 3) {
          // an item that fills the page to its end (a large one, mostly) closes it now, so that
          // the page's age is this item's and not that of the shard's next store
          fifoPush(writePage);
          writePage = 0;
        }
        return ref;
      }
      if (!nextWritePage(2L * physicalSize >= pageSize)) {
        return 0;
      }
    }
    return 0;
  }

  /**
   * Closes the write page and opens another: a free one, a recycled one or a stolen one.
   *
   * @param wholePage whether the item needs half a page or more: it then takes the oldest page of
   *     any shard, evicting all of it, which is about the room it needs anyway; a smaller item
   *     recycles its own shard's oldest page item by item, which evicts only the room it needs and
   *     stays near the global order while each shard holds many pages
   */
  private boolean nextWritePage(boolean wholePage) {
    if (writePage != 0) {
      fifoPush(writePage);
      writePage = 0;
    }
    recycleFrom = 0;
    recycleEnd = 0;
    int fresh = pool.acquire();
    if (fresh != 0) {
      writePage = fresh;
      writeOffset = 0;
      return true;
    }
    if (wholePage && cache.evictionsEnabled()) {
      int older = cache.takePageOlderThan(this, oldestSealed);
      if (older != 0) {
        writePage = older;
        writeOffset = 0;
        return true;
      }
    }
    if (fifoCount > 0) {
      writePage = fifoPop();
      writeOffset = 0;
      recycleEnd = pool.used(writePage);
      return true;
    }
    if (!cache.evictionsEnabled()) {
      return false; // -M: another shard's page would be taken by evicting its items
    }
    int stolen = cache.stealPage(this);
    if (stolen != 0) {
      writePage = stolen;
      writeOffset = 0;
      return true;
    }
    return false;
  }

  /**
   * Recycles the write page's oldest items until {@code physicalSize} bytes fit before the next one
   * or none is left: items that earned a second chance (hit twice, or rewritten in place, since the
   * last pass; with {@code -M} every live one) move down to the write offset, expired ones are
   * reclaimed and the rest evicted.
   */
  private void recycleUntilRoom(int physicalSize) {
    int page = writePage;
    ByteBuffer vp = pool.page(page);
    boolean evict = cache.evictionsEnabled();
    while (recycleFrom < recycleEnd && writeOffset + physicalSize > recycleFrom) {
      int off = recycleFrom;
      int psize = physicalSize(vp, off, alignShift);
      recycleFrom += psize;
      int f = vp.get(off + ITEM_FLAGS);
      if ((f & F_DEAD) != 0) {
        continue;
      }
      boolean expired = cache.isExpiredOrFlushed(vp, off);
      if (!expired && (!evict || (f & (F_ACTIVE | F_REWRITTEN)) != 0)) {
        if (writeOffset != off) {
          // survivors only move towards the start: an overlapping copy is a memmove; one that
          // stays where it is needs no index lookup (a -M pass over live items stays cheap)
          int slot = slotOfRef(storedHash(vp, off), ref(page, off));
          vp.put(writeOffset, vp, off, psize);
          table.move(slot, ref(page, writeOffset));
        }
        vp.put(writeOffset + ITEM_FLAGS, (byte) (f & ~(F_ACTIVE | F_REWRITTEN)));
        writeOffset += psize;
        continue;
      }
      int slot = slotOfRef(storedHash(vp, off), ref(page, off));
      if (expired) {
        countReclaim(vp, off, f);
      } else {
        countEviction(vp, off, f);
      }
      unlinkSlot(slot);
    }
  }

  /** When this shard's oldest closed page was closed; read without the lock, as a hint. */
  long oldestSealed() {
    return oldestSealed;
  }

  /** Gives the oldest page to another shard, unlinking everything in it; 0 if there is none. */
  int surrenderOldestPage() {
    if (fifoCount == 0) {
      return 0;
    }
    int victim = fifoPop();
    ByteBuffer vp = pool.page(victim);
    int used = pool.used(victim);
    for (int off = 0; off < used; ) {
      int psize = physicalSize(vp, off, alignShift);
      int f = vp.get(off + ITEM_FLAGS);
      if ((f & F_DEAD) == 0) {
        int slot = slotOfRef(storedHash(vp, off), ref(victim, off));
        countEviction(vp, off, f);
        unlinkSlot(slot);
      }
      off += psize;
    }
    return victim;
  }

  /** Pages this shard holds (for choosing whom to steal from); read without the lock. */
  int pageCount() {
    return fifoCount + (writePage != 0 ? 1 : 0);
  }

  private void fifoPush(int page) {
    pool.seal(page, writeOffset);
    if (fifoCount == fifo.length) {
      int[] n = new int[fifo.length * 2];
      for (int i = 0; i < fifoCount; i++) {
        n[i] = fifo[(fifoHead + i) % fifo.length];
      }
      fifo = n;
      fifoHead = 0;
    }
    fifo[(fifoHead + fifoCount) % fifo.length] = page;
    fifoCount++;
    if (fifoCount == 1) {
      oldestChanged();
    }
  }

  private int fifoPop() {
    int p = fifo[fifoHead];
    fifoHead = (fifoHead + 1) % fifo.length;
    fifoCount--;
    oldestChanged();
    return p;
  }

  /** Publishes the head of the ring's stamp for other shards, which read it without the lock. */
  private void oldestChanged() {
    oldestSealed = fifoCount > 0 ? pool.sealedAt(fifo[fifoHead]) : Long.MAX_VALUE;
  }

  /**
   * Unlinks the expired or flushed items among {@code count} slots from {@code from} (background
   * reclaim, a slice at a time so that requests never wait long for the lock).
   *
   * @return where the next slice starts, or -1 when the table has been swept to its end
   */
  int reclaimExpired(int from, int count) {
    if (from == 0) {
      soonestExpiry = 0; // found again below from the items that stay (and those linked meanwhile)
    }
    IndexTable t = table;
    int end = Math.min(t.length(), from + count);
    int slot = from;
    while (slot < end) {
      int ref = t.ref(slot);
      if (ref != 0) {
        ByteBuffer p = pageOf(ref);
        int off = offsetOf(ref);
        if (cache.isExpiredOrFlushed(p, off)) {
          countReclaim(p, off, p.get(off + ITEM_FLAGS));
          tally.crawlerReclaimed[classes.classOf(memcachedSize(p, off))]++;
          unlinkSlot(slot);
          continue; // backward shift may have moved another entry here
        }
        expiresAt(p.getInt(off + EXPTIME));
      }
      slot++;
    }
    return end < t.length() ? end : -1;
  }

  /** Whether a linked item may have expired: the background reclaim sweeps this shard then. */
  boolean expiryDue() {
    return expiring > 0 && soonestExpiry != 0 && cache.clock().expired(soonestExpiry);
  }

  /**
   * Gives the pool back the pages of this shard that hold no linked item (every item deleted,
   * replaced, expired and reclaimed), so that any shard reuses them before memory grows.
   *
   * @return how many
   */
  int releaseEmptyPages() {
    int released = 0;
    int kept = 0;
    for (int i = 0; i < fifoCount; i++) {
      int page = fifo[(fifoHead + i) % fifo.length];
      if (pool.empty(page)) {
        pool.release(page);
        released++;
      } else {
        fifo[(fifoHead + kept++) % fifo.length] = page;
      }
    }
    fifoCount = kept;
    oldestChanged();
    if (writePage != 0 && pool.empty(writePage) && (writeOffset > 0 || recycleFrom < recycleEnd)) {
      pool.release(writePage);
      released++;
      writePage = 0;
      writeOffset = 0;
      recycleFrom = 0;
      recycleEnd = 0;
    }
    return released;
  }

  /**
   * Hands the live keys among {@code count} slots from {@code from} to {@code sink} (a key scan, a
   * slice at a time like the reclaim). Keys sent base64-encoded are left out: they cannot be named
   * on a text line as they are stored.
   *
   * @return where the next slice starts, or -1 when the table has been scanned to its end
   */
  int scanKeys(int from, int count, KeySink sink) {
    IndexTable t = table;
    int end = Math.min(t.length(), from + count);
    int now = cache.clock().now();
    for (int slot = from; slot < end; slot++) {
      int ref = t.ref(slot);
      if (ref == 0) {
        continue;
      }
      ByteBuffer p = pageOf(ref);
      int off = offsetOf(ref);
      if (cache.isExpiredOrFlushed(p, off) || (p.get(off + ITEM_FLAGS) & F_KEY_BINARY) != 0) {
        continue;
      }
      int exptime = p.getInt(off + EXPTIME);
      sink.key(
          p,
          ItemLayout.keyStart(p, off),
          ItemLayout.keyLength(p, off),
          exptime == 0 ? -1 : Math.max(1, exptime - now));
    }
    return end < t.length() ? end : -1;
  }

  /**
   * Hands the item references among {@code count} slots from {@code from} to {@code visitor}
   * (statistics that look at every item, a slice at a time).
   *
   * @return where the next slice starts, or -1 when the table has been walked to its end
   */
  int visit(int from, int count, java.util.function.IntConsumer visitor) {
    IndexTable t = table;
    int end = Math.min(t.length(), from + count);
    for (int slot = from; slot < end; slot++) {
      int ref = t.ref(slot);
      if (ref != 0) {
        visitor.accept(ref);
      }
    }
    return end < t.length() ? end : -1;
  }

  /** Frees the index (the pages belong to the pool). */
  void free() {
    table.free();
  }

  /** Items in the index. */
  int indexSize() {
    return size;
  }

  int tableLength() {
    return table.length();
  }
}
