package io.memkube.cacheserver.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LruCrawlerTest {
  private final ManualClock clock = new ManualClock(1_800_000_000L);

  @Test
  void aDisabledCrawlerLeavesExpiredItemsToLookupsAndRecycling() {
    Cache cache = new Cache(8L << 20, 1 << 20, clock);
    CacheOps ops = new CacheOps(cache);
    cache.crawler().disable();
    for (int i = 0; i < 30; i++) {
      ops.set("s" + i, "ok", 1);
    }
    clock.advance(3);
    cache.crawler().backgroundPass();
    assertEquals(30, cache.stats().currItems);
    assertTrue(cache.crawler().enable());
    assertFalse(cache.crawler().enable(), "memcached cannot start its crawler twice");
    cache.crawler().backgroundPass();
    assertEquals(0, cache.stats().currItems);
  }

  @Test
  void aRequestedCrawlCountsWhatItReclaimsPerClassAndKeepsTheClassListed() throws Exception {
    Cache cache = new Cache(8L << 20, 1 << 20, clock);
    CacheOps ops = new CacheOps(cache);
    for (int i = 0; i < 30; i++) {
      ops.set("s" + i, "ok", 1);
      ops.set("i" + i, "ok", 0);
    }
    clock.advance(3);
    cache.crawler().crawlSoon();
    for (int i = 0; i < 500 && cache.crawler().running(); i++) {
      Thread.sleep(10);
    }
    StorageStats st = cache.stats();
    int cls = cache.slabClasses().classOf(cache.memcachedItemSize(2, 0, 2));
    assertEquals(30, st.classes.crawlerReclaimed[cls]);
    assertEquals(30, st.classes.items[cls]);
    assertEquals(1, cache.crawler().starts());
    for (int i = 0; i < 30; i++) {
      assertTrue(ops.delete("i" + i));
    }
    assertEquals(1, cache.stats().memcachedPages(cls), "memcached keeps the class's page");
    cache.close();
  }

  @Test
  void metadumpNamesEveryLiveItemWithItsMemcachedFields() {
    Cache cache = new Cache(8L << 20, 1 << 20, clock);
    CacheOps ops = new CacheOps(cache);
    ops.set("keep", "value", 100);
    ops.set("gone", "value", 1);
    ops.get("keep");
    clock.advance(2);
    List<ItemScan.MetaItem> items = new ArrayList<>();
    new ItemScan(cache).metadump(null, items::add);
    assertEquals(1, items.size());
    ItemScan.MetaItem m = items.get(0);
    assertEquals("keep", new String(m.key(), java.nio.charset.StandardCharsets.ISO_8859_1));
    assertEquals(1_800_000_100L, m.exptimeUnix());
    assertTrue(m.fetched());
    assertEquals(cache.memcachedItemSize(4, 0, 5), m.size());
  }
}
