package io.memkube.cacheserver.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CacheTest {
  private static final long START = 1_800_000_000L;
  private final ManualClock clock = new ManualClock(START);

  @Test
  void setsNeverFailWhenFullAndMemoryStaysWithinTheLimit() {
    Cache cache = new Cache(8L << 20, 1 << 20, clock);
    CacheOps ops = new CacheOps(cache);
    String value = "v".repeat(1000);
    for (int i = 0; i < 100_000; i++) {
      assertEquals(StoreResult.STORED, ops.set("key" + i, value, 0));
    }
    StorageStats st = cache.stats();
    assertTrue(st.evictions > 0);
    assertTrue(st.pagesAllocated <= 8, "pages " + st.pagesAllocated);
    assertTrue(st.bytes <= 8L << 20, "bytes " + st.bytes);
    assertEquals(st.currItems, countPresent(ops, 100_000));
    assertNotNull(ops.get("key99999"), "the newest item is kept");
  }

  @Test
  void aStoreIntoAFullCacheEvictsAboutTheRoomItNeedsNotAWholePage() {
    Cache cache = new Cache(8L << 20, 1 << 20, clock);
    CacheOps ops = new CacheOps(cache);
    String value = "v".repeat(10_000);
    for (int i = 0; i < 2_000; i++) {
      ops.set("fill" + i, value, 0);
    }
    for (int i = 0; i < 20; i++) {
      long before = cache.stats().evictions;
      assertEquals(StoreResult.STORED, ops.set("more" + i, value, 0));
      long evicted = cache.stats().evictions - before;
      // one 10 kB item makes room for another; a 1 MiB page holds about a hundred
      assertTrue(evicted >= 1 && evicted <= 2, "evicted " + evicted + " for store " + i);
    }
  }

  @Test
  void memoryCountedAsMallocedBeforeIsInTheTotalAndLeavesOnlyTheRestOfTheLimit() {
    // memcached's t/64bit.t: -m 4098 -M with T_MEMD_INITIAL_MALLOC just over 4 GiB leaves under
    // two pages, and nothing is allocated up front
    Cache cache = new Cache(4098L << 20, 1 << 20, clock);
    cache.disableEvictions();
    cache.countAsMallocedBefore((1L << 32) + 32);
    assertEquals((1L << 32) + 32, cache.stats().mallocedBefore);
    assertEquals(0, cache.stats().pagesAllocated);
    CacheOps ops = new CacheOps(cache);
    String value = "a".repeat(400 * 1024);
    int stored = 0;
    while (stored < 5 && ops.set("big" + stored, value, 0) == StoreResult.STORED) {
      stored++;
    }
    assertTrue(stored >= 1 && stored <= 2, "stored " + stored + " of 400 KiB in one page");
    assertEquals(1, cache.stats().pagesAllocated);
  }

  @Test
  void itemsOfAboutAPageAreEvictedOldestFirstWhicheverShardHoldsThem() {
    // memcached's t/lru.t: at -m 64 (eight shards here) 101 items just under 1 MiB keep the
    // newest 64, each in a page of its own
    Cache cache = new Cache(64L << 20, 1 << 20, clock);
    assertTrue(cache.shards().length > 1, "several shards");
    CacheOps ops = new CacheOps(cache);
    String value = "x".repeat((1 << 20) - 250);
    ops.setEach("item_", 0, 101, value, 0);
    assertEquals(37, cache.stats().evictions);
    for (int i = 0; i < 101; i++) {
      assertEquals(i >= 37, ops.get("item_" + i) != null, "item_" + i);
    }
  }

  @Test
  void withoutEvictionsAFullCacheRefusesStoresAndKeepsEveryItem() {
    Cache cache = new Cache(4L << 20, 1 << 20, clock);
    cache.disableEvictions();
    CacheOps ops = new CacheOps(cache);
    String value = "v".repeat(8192);
    int stored = 0;
    while (ops.set("key" + stored, value, 0) == StoreResult.STORED) {
      stored++;
    }
    assertTrue(stored > 400, "stored " + stored);
    assertEquals(StoreResult.NO_MEMORY, ops.set("one-more", value, 0));
    assertEquals(0, cache.stats().evictions);
    for (int i = 0; i < stored; i++) {
      assertEquals(value, ops.get("key" + i), "key" + i);
    }
    // room freed by a delete is found again
    assertTrue(ops.delete("key0"));
    assertEquals(StoreResult.STORED, ops.set("one-more", value, 0));
  }

  @Test
  void aLargeItemEvictsSmallOnesToFit() {
    Cache cache = new Cache(8L << 20, 1 << 20, clock);
    CacheOps ops = new CacheOps(cache);
    for (int i = 0; i < 200_000; i++) {
      ops.set("small" + i, "x".repeat(30), 0);
    }
    assertEquals(StoreResult.STORED, ops.set("big", "B".repeat(1_000_000), 0));
    assertEquals(1_000_000, ops.get("big").length());
  }

  @Test
  void indexFindsEveryKeyAfterGrowingAndDeletingHalfOfThem() {
    Cache cache = new Cache(64L << 20, 1 << 20, clock);
    CacheOps ops = new CacheOps(cache);
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      assertEquals(StoreResult.STORED, ops.set("k" + i, "v" + i, 0));
    }
    for (int i = 0; i < n; i += 2) {
      assertTrue(ops.delete("k" + i), "k" + i);
    }
    for (int i = 0; i < n; i++) {
      assertEquals(i % 2 == 0 ? null : "v" + i, ops.get("k" + i), "k" + i);
    }
    for (int i = 0; i < n; i += 2) {
      assertEquals(StoreResult.STORED, ops.set("k" + i, "w" + i, 0));
    }
    for (int i = 0; i < n; i++) {
      assertEquals((i % 2 == 0 ? "w" : "v") + i, ops.get("k" + i), "k" + i);
    }
    assertEquals(n, cache.stats().currItems);
  }

  @Test
  void clientFlagsSurviveOverwritesThatAddOrDropThem() {
    Cache cache = new Cache(8L << 20, 1 << 20, clock);
    CacheOps ops = new CacheOps(cache);
    ops.store(StoreMode.SET, "k", "aaaa", 0, 0);
    assertEquals(0, ops.flags("k"));
    ops.store(StoreMode.SET, "k", "bbbb", 0, 0xFFFF_FFFFL);
    assertEquals(0xFFFF_FFFFL, ops.flags("k"));
    assertEquals("bbbb", ops.get("k"));
    ops.store(StoreMode.SET, "k", "cccc", 0, 7);
    assertEquals(7, ops.flags("k"));
    assertEquals("cccc", ops.get("k"));
    ops.store(StoreMode.SET, "k", "dddd", 0, 0);
    assertEquals(0, ops.flags("k"));
    assertEquals("dddd", ops.get("k"));
    ops.store(StoreMode.APPEND, "k", "ee", 0, 0);
    ops.store(StoreMode.SET, "other", "x", 0, 3);
    assertEquals("ddddee", ops.get("k"));
    assertEquals(3, ops.flags("other"));
    assertEquals(1, Cache.itemSize(1, 0, 0) - Cache.itemSize(0, 0, 0));
  }

  @Test
  void everyPageOfALimitBeyondFourGibibytesCanBeUsed() {
    Cache cache = new Cache(64L << 30, 1 << 20, clock);
    StorageStats st = cache.stats();
    assertEquals(64L << 30, (long) st.pagesLimit * st.pageSize);
    assertEquals(6, cache.alignShift(), "64-byte alignment names 2^37 bytes");
    CacheOps ops = new CacheOps(cache);
    for (int i = 0; i < 1000; i++) {
      assertEquals(StoreResult.STORED, ops.set("k" + i, "v".repeat(i), 0));
    }
    for (int i = 0; i < 1000; i++) {
      assertEquals("v".repeat(i), ops.get("k" + i));
    }
    cache.close();
  }

  private static long countPresent(CacheOps ops, int n) {
    long present = 0;
    for (int i = 0; i < n; i++) {
      if (ops.cas("key" + i) >= 0) {
        present++;
      }
    }
    return present;
  }

  @Test
  void hotItemsSurviveAScanOfOneOffKeys() {
    Cache cache = new Cache(8L << 20, 1 << 20, clock);
    CacheOps ops = new CacheOps(cache);
    String value = "v".repeat(1000);
    for (int i = 0; i < 300; i++) {
      ops.set("hot" + i, value, 0);
      ops.get("hot" + i);
    }
    for (int i = 0; i < 60_000; i++) {
      ops.set("scan" + i, value, 0);
      if (i % 500 == 0) {
        for (int h = 0; h < 300; h++) {
          ops.get("hot" + h);
        }
      }
    }
    for (int h = 0; h < 300; h++) {
      assertNotNull(ops.get("hot" + h), "hot" + h + " was evicted by a scan");
    }
    assertNull(ops.get("scan0"), "old one-off keys were evicted");
  }

  @Test
  void expiryFollowsMemcachedRules() {
    Cache cache = new Cache(8L << 20, 1 << 20, clock);
    CacheOps ops = new CacheOps(cache);
    ops.set("rel", "a", 10);
    ops.set("never", "a", 0);
    ops.set("neg", "a", -1);
    ops.set("past", "a", (int) (START - 100_000));
    ops.set("future", "a", (int) (START + 100));
    ops.set("maxrel", "a", Clock.REALTIME_MAXDELTA);
    assertNull(ops.get("neg"));
    assertNull(ops.get("past"));
    clock.advance(9);
    assertNotNull(ops.get("rel"));
    clock.advance(1);
    assertNull(ops.get("rel"));
    clock.advance(90);
    assertNull(ops.get("future"));
    assertNotNull(ops.get("never"));
    assertNotNull(ops.get("maxrel"));
  }

  @Test
  void flushAllWithDelayDropsItemsStoredBeforeTheDeadline() {
    Cache cache = new Cache(8L << 20, 1 << 20, clock);
    CacheOps ops = new CacheOps(cache);
    ops.set("before", "a", 0);
    cache.flushAll(5);
    clock.advance(2);
    ops.set("during", "a", 0);
    assertNotNull(ops.get("before"));
    clock.advance(3);
    assertNull(ops.get("before"));
    assertNull(ops.get("during"));
    ops.set("after", "a", 0);
    clock.advance(1);
    assertNotNull(ops.get("after"));
  }

  @Test
  void casValuesAreUniqueAndIncreasing() {
    Cache cache = new Cache(8L << 20, 1 << 20, clock);
    CacheOps ops = new CacheOps(cache);
    ops.set("a", "1", 0);
    long first = ops.cas("a");
    ops.set("a", "2", 0);
    long second = ops.cas("a");
    ops.set("b", "3", 0);
    assertTrue(second > first);
    assertTrue(ops.cas("b") > second);
  }

  @Test
  void backgroundReclaimUnlinksExpiredItems() {
    Cache cache = new Cache(8L << 20, 1 << 20, clock);
    CacheOps ops = new CacheOps(cache);
    for (int i = 0; i < 1000; i++) {
      ops.set("e" + i, "x", 5);
    }
    clock.advance(6);
    assertEquals(1000, cache.reclaimExpired());
    assertEquals(0, cache.stats().currItems);
    assertEquals(0, cache.stats().bytes);
  }

  @Test
  void backgroundReclaimFindsItemsGivenAnExpiryByTouchAndItemsFlushedByFlushAll() {
    Cache cache = new Cache(8L << 20, 1 << 20, clock);
    CacheOps ops = new CacheOps(cache);
    for (int i = 0; i < 1000; i++) {
      ops.set("k" + i, "x", 0);
    }
    clock.advance(1);
    assertEquals(0, cache.reclaimExpired(), "nothing expires");
    CacheHandle h = cache.newHandle();
    var key = CacheOps.bytes("k7");
    assertTrue(h.lock(key, 0, key.readableBytes()));
    h.setExptime(cache.clock().storageExptime(5));
    h.release();
    clock.advance(6);
    assertEquals(1, cache.reclaimExpired(), "k7 was touched with a TTL");
    assertNull(ops.get("k7"));
    clock.advance(1);
    cache.flushAll(0);
    clock.advance(1);
    assertEquals(999, cache.reclaimExpired(), "flush_all left them to be reclaimed");
    assertEquals(0, cache.stats().currItems);
    assertEquals(0, cache.reclaimExpired(), "a flush is swept once");
  }

  @Test
  void theBackgroundReclaimSweepsOnlyOnceAnItemMayHaveExpired() {
    Cache cache = new Cache(8L << 20, 1 << 20, clock);
    CacheOps ops = new CacheOps(cache);
    ops.setEach("long", 0, 100, "x", 3600);
    ops.set("short", "x", 2);
    clock.advance(1);
    assertFalse(cache.reclaimDue(), "nothing may have expired yet: no sweep");
    clock.advance(2);
    assertTrue(cache.reclaimDue(), "short may have expired");
    assertNull(ops.get("short"));
    assertEquals(1, cache.stats().reclaimed, "reclaimed by the sweep, not by the lookup");
    for (Shard s : cache.shards()) {
      assertFalse(s.expiryDue(), "the sweep found the next expiry an hour away");
    }
    clock.advance(3600);
    for (Shard s : cache.shards()) {
      assertTrue(s.expiring == 0 || s.expiryDue(), "due again an hour later");
    }
  }

  @Test
  void pagesWhoseItemsAreAllGoneReturnToThePoolAndAreReusedBeforeMemoryGrows() {
    // memcached's t/issue_14.t: expired items leave room that new items take without more memory
    Cache cache = new Cache(8L << 20, 1 << 20, clock);
    CacheOps ops = new CacheOps(cache);
    String value = "B".repeat(66560);
    ops.setEach("key", 0, 40, value, 2);
    int before = cache.stats().pagesAllocated;
    assertTrue(before >= 3, "pages " + before);
    assertEquals(0, cache.releaseEmptyPages(), "every page holds a live item");
    clock.advance(4);
    assertTrue(cache.reclaimDue());
    assertEquals(before, cache.releaseEmptyPages(), "each page held only expired items");
    ops.setEach("key", 40, 80, value, 0);
    assertEquals(before, cache.stats().pagesAllocated, "the released pages were reused");
    assertEquals(0, cache.stats().evictions);
    for (int i = 40; i < 80; i++) {
      assertEquals(value, ops.get("key" + i), "key" + i);
    }
  }

  @Test
  void everyShardGivesBackThePagesOfItemsDeletedOrReplaced() {
    Cache cache = new Cache(64L << 20, 1 << 20, clock);
    assertTrue(cache.shards().length > 1, "several shards");
    CacheOps ops = new CacheOps(cache);
    String value = "B".repeat(100_000);
    ops.setEach("key", 0, 200, value, 0);
    int pages = cache.stats().pagesAllocated;
    for (int i = 0; i < 100; i++) {
      ops.delete("key" + i);
    }
    for (int i = 100; i < 200; i++) {
      ops.set("key" + i, "small", 0); // replaced by an item of another size: written elsewhere
    }
    assertTrue(cache.releaseEmptyPages() > pages / 2, "most pages held only dead items");
    for (int i = 100; i < 200; i++) {
      assertEquals("small", ops.get("key" + i), "key" + i);
    }
  }

  @Test
  void aLowerMemoryLimitEvictsTheOldestPagesAndFreesThem() {
    // memcached's t/dyn-maxbytes.t lowers cache_memlimit and sees total_malloced fall
    Cache cache = new Cache(16L << 20, 1 << 20, clock);
    CacheOps ops = new CacheOps(cache);
    String value = "B".repeat(66560);
    ops.setEach("key", 0, 240, value, 0);
    assertEquals(16, cache.stats().pagesAllocated);
    assertTrue(cache.setLimitBytes(8L << 20));
    assertTrue(cache.shrinkToLimit() > 0);
    StorageStats st = cache.stats();
    assertTrue(st.pagesAllocated <= 8 + st.shards, "pages " + st.pagesAllocated);
    assertEquals(value, ops.get("key239"), "the newest items stay");
    assertNull(ops.get("key0"), "the oldest went with their pages");
    ops.setEach("again", 0, 240, value, 0);
    assertTrue(cache.stats().pagesAllocated <= 8 + st.shards, "and memory does not grow again");
  }

  @Test
  void anAppendWhoseItemWasEvictedToMakeRoomLeavesNothingBehindThatLaterEvictionsTrip() {
    Cache cache = new Cache(2L << 20, 1 << 20, clock);
    CacheOps ops = new CacheOps(cache);
    String value = "v".repeat(100_000);
    ops.setEach("fill", 0, 25, value, 0);
    assertTrue(cache.stats().evictions > 0, "full");
    String oldest = null;
    for (int i = 0; i < 25 && oldest == null; i++) {
      if (ops.get("fill" + i) != null) {
        oldest = "fill" + i;
      }
    }
    assertNotNull(oldest);
    // the append's new item needs room, which evicts the item it appends to: NOT_STORED
    assertEquals(StoreResult.NOT_STORED, ops.store(StoreMode.APPEND, oldest, value, 0, 0));
    ops.setEach("more", 0, 60, value, 0); // recycles the page the abandoned item is in, twice
    assertEquals(value, ops.get("more59"));
  }

  @Test
  void flushAllKeepsASetInTheSameSecondUnlessCasIsDisabled() {
    Cache cache = new Cache(8L << 20, 1 << 20, clock);
    CacheOps ops = new CacheOps(cache);
    cache.flushAll(0);
    ops.set("after", "new", 0);
    assertEquals("new", ops.get("after"), "the CAS tells the later write apart");

    Cache noCas = new Cache(8L << 20, 1 << 20, clock);
    noCas.disableCas();
    CacheOps noCasOps = new CacheOps(noCas);
    noCas.flushAll(0);
    noCasOps.set("after", "new", 0);
    assertNull(noCasOps.get("after"), "memcached -C loses it until the clock moves on");
    clock.advance(1);
    noCasOps.set("later", "new", 0);
    assertEquals("new", noCasOps.get("later"));
  }

  @Test
  void concurrentIncrementsAreNotLost() throws Exception {
    Cache cache = new Cache(64L << 20, 1 << 20, clock);
    new CacheOps(cache).set("counter", "0", 0);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int id = t;
        futures.add(
            pool.submit(
                () -> {
                  CacheOps ops = new CacheOps(cache);
                  for (int i = 0; i < 20_000; i++) {
                    ops.incr("counter", 1);
                    ops.set("k" + id + ":" + (i % 500), "v" + i, 0);
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertEquals("80000", new CacheOps(cache).get("counter").trim());
    assertEquals(2001, cache.stats().currItems);
  }
}
