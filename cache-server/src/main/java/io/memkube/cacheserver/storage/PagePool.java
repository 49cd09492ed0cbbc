package io.memkube.cacheserver.storage;

import io.netty.util.internal.CleanableDirectBuffer;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.logging.Logger;

/**
 * The pages of item memory: direct (off-heap) buffers of one size, allocated on first use up to the
 * limit set by {@code -m}. A page given back is kept for the next shard that needs one, and freed
 * only while more are allocated than the limit allows (after {@code cache_memlimit} lowered it).
 * Page ids start at 1 so that an item reference is never 0.
 *
 * <p>When direct memory runs out before the limit (connection buffers share it with the pages), the
 * cache evicts instead of growing, and tries to grow again a moment later: running out is a passing
 * state, never a new limit.
 */
final class PagePool {
  private static final Logger LOG = Logger.getLogger(PagePool.class.getName());

  /** How long the pool evicts instead of allocating after direct memory ran out. */
  static final long ALLOCATION_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  private final IntFunction<CleanableDirectBuffer> allocator;
  private final int pageSize;
  // pages[id] is memory[id].buffer(), kept apart because page() is on every request's path
  private final ByteBuffer[] pages;
  private final CleanableDirectBuffer[] memory;
  private final int[] free;
  // ids whose memory was freed, for the next allocation (ids stay below pages.length)
  private final int[] unbacked;
  private final int[] used;

  // when each closed page was closed, by a counter of closings, so that pages of different shards
  // compare by age
  private final long[] sealedAt;

  // linked items in each page, kept by the shard that holds it: a page at 0 can go back at once
  private final int[] liveItems;
  private final AtomicLong seals = new AtomicLong();
  private int freeCount;
  private int unbackedCount;
  private int allocated;
  private int highestId;
  private volatile int limit;
  private boolean exhausted;
  private long retryAllocationAt;

  PagePool(int pageSize, int maxPages, int initialLimit) {
    this(pageSize, maxPages, initialLimit, OffHeapMemory::allocate);
  }

  /** With {@code allocator} standing in for direct memory (tests make it run out). */
  PagePool(
      int pageSize, int maxPages, int initialLimit, IntFunction<CleanableDirectBuffer> allocator) {
    this.allocator = allocator;
    this.pageSize = pageSize;
    this.pages = new ByteBuffer[maxPages + 1];
    this.memory = new CleanableDirectBuffer[maxPages + 1];
    this.free = new int[maxPages + 1];
    this.unbacked = new int[maxPages + 1];
    this.used = new int[maxPages + 1];
    this.sealedAt = new long[maxPages + 1];
    this.liveItems = new int[maxPages + 1];
    this.limit = Math.min(initialLimit, maxPages);
  }

  int pageSize() {
    return pageSize;
  }

  ByteBuffer page(int id) {
    return pages[id];
  }

  /** Bytes written in a closed page (set by its shard under its lock). */
  int used(int id) {
    return used[id];
  }

  /** Closes a page after {@code bytes} of items: it is now the youngest closed page. */
  void seal(int id, int bytes) {
    used[id] = bytes;
    sealedAt[id] = seals.incrementAndGet();
  }

  void itemLinked(int id) {
    liveItems[id]++;
  }

  void itemUnlinked(int id) {
    liveItems[id]--;
  }

  /** Whether page {@code id} holds no linked item. */
  boolean empty(int id) {
    return liveItems[id] == 0;
  }

  /** When a closed page was closed: lower is older, whichever shard holds it. */
  long sealedAt(int id) {
    return sealedAt[id];
  }

  /**
   * A page for a shard, or 0 when the limit is reached or direct memory is short (the shard then
   * evicts).
   */
  synchronized int acquire() {
    if (freeCount > 0) {
      return free[--freeCount];
    }
    if (allocated >= limit) {
      return 0;
    }
    if (exhausted && System.nanoTime() - retryAllocationAt < 0) {
      return 0;
    }
    CleanableDirectBuffer page;
    try {
      page = allocator.apply(pageSize);
    } catch (OutOfMemoryError e) {
      if (!exhausted) {
        long mib = (long) allocated * pageSize >> 20;
        LOG.warning(
            () ->
                "direct memory exhausted at "
                    + mib
                    + " MiB of item memory: evicting instead of growing until it is back"
                    + " (if this lasts, raise -XX:MaxDirectMemorySize)");
      }
      exhausted = true;
      retryAllocationAt = System.nanoTime() + ALLOCATION_RETRY_NANOS;
      return 0;
    }
    if (exhausted) {
      exhausted = false;
      LOG.info("direct memory is back: item memory grows again");
    }
    int id = unbackedCount > 0 ? unbacked[--unbackedCount] : ++highestId;
    allocated++;
    memory[id] = page;
    pages[id] = page.buffer();
    return id;
  }

  /** Returns a page no shard uses any more: kept for the next, or freed while over the limit. */
  synchronized void release(int id) {
    liveItems[id] = 0;
    if (allocated > limit) {
      unback(id);
    } else {
      free[freeCount++] = id;
    }
  }

  /** Whether more pages are allocated than the limit allows. */
  synchronized boolean overLimit() {
    return allocated > limit;
  }

  private void unback(int id) {
    memory[id].clean();
    memory[id] = null;
    pages[id] = null;
    unbacked[unbackedCount++] = id;
    allocated--;
  }

  synchronized int allocatedPages() {
    return allocated;
  }

  synchronized int freePages() {
    return freeCount + Math.max(0, limit - allocated);
  }

  /** Frees every page allocated so far; the pool must not be used afterwards. */
  synchronized void free() {
    for (int id = 1; id <= highestId; id++) {
      if (memory[id] != null) {
        memory[id].clean();
        memory[id] = null;
        pages[id] = null;
      }
    }
    allocated = 0;
    highestId = 0;
    freeCount = 0;
    unbackedCount = 0;
    limit = 0;
  }

  int limitPages() {
    return limit;
  }

  /**
   * cache_memlimit: a lower limit stops growth and frees the pages no shard holds; the shards give
   * back more as their items go ({@link Cache#shrinkToLimit}).
   */
  synchronized void setLimit(int pagesLimit) {
    limit = Math.min(pagesLimit, pages.length - 1);
    while (allocated > limit && freeCount > 0) {
      unback(free[--freeCount]);
    }
  }
}
