package io.memkube.cacheserver.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.internal.CleanableDirectBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Direct memory that runs out for a while must not shrink the cache for good. */
class PagePoolTest {
  private boolean memoryShort;

  private CleanableDirectBuffer allocate(int bytes) {
    if (memoryShort) {
      throw new OutOfMemoryError("Cannot reserve " + bytes + " bytes of direct buffer memory");
    }
    return OffHeapMemory.allocate(bytes);
  }

  @Test
  void theCacheGrowsAgainOnceDirectMemoryIsBack() throws InterruptedException {
    PagePool pool = new PagePool(4096, 8, 8, this::allocate);
    try {
      assertNotEquals(0, pool.acquire());
      memoryShort = true;
      assertEquals(0, pool.acquire(), "no page while memory is short: the shard evicts");
      assertEquals(8, pool.limitPages(), "the limit (stats limit_maxbytes) stays as -m set it");
      memoryShort = false;
      TimeUnit.NANOSECONDS.sleep(PagePool.ALLOCATION_RETRY_NANOS + 50_000_000L);
      for (int i = 2; i <= 8; i++) {
        assertEquals(i, pool.acquire(), "page " + i + " once memory is back");
      }
      assertEquals(0, pool.acquire(), "and no more than the limit");
    } finally {
      pool.free();
    }
  }

  @Test
  void whileMemoryIsShortAllocationIsNotRetriedOnEveryRequest() {
    int[] attempts = {0};
    PagePool pool =
        new PagePool(
            4096,
            8,
            8,
            bytes -> {
              attempts[0]++;
              throw new OutOfMemoryError("Cannot reserve direct buffer memory");
            });
    for (int i = 0; i < 1000; i++) {
      assertEquals(0, pool.acquire());
    }
    // one attempt per retry interval, not one per request (a stall of the test may allow a second)
    assertTrue(attempts[0] <= 2, attempts[0] + " attempts");
  }

  @Test
  void aLowerLimitFreesThePagesGivenBackAndTheirIdsAreReused() {
    PagePool pool = new PagePool(4096, 8, 8, this::allocate);
    try {
      int[] ids = new int[8];
      for (int i = 0; i < 8; i++) {
        ids[i] = pool.acquire();
      }
      pool.release(ids[0]);
      pool.setLimit(4);
      assertEquals(7, pool.allocatedPages(), "the page no shard held is freed at once");
      assertTrue(pool.overLimit());
      pool.release(ids[1]);
      pool.release(ids[2]);
      pool.release(ids[3]);
      assertEquals(4, pool.allocatedPages(), "pages given back are freed while over the limit");
      pool.release(ids[4]);
      assertEquals(4, pool.allocatedPages(), "and kept for the next shard once under it");
      assertEquals(ids[4], pool.acquire());
      assertEquals(0, pool.acquire(), "no growth past the limit");
      pool.setLimit(6);
      int again = pool.acquire();
      assertTrue(again >= 1 && again <= 8, "a freed id is allocated again: " + again);
      assertEquals(5, pool.allocatedPages());
    } finally {
      pool.free();
    }
  }
}
