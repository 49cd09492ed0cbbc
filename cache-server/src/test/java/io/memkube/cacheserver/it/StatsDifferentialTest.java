package io.memkube.cacheserver.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.cacheserver.cli.Main;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code stats}, {@code stats settings}, {@code stats items}, {@code stats slabs} and {@code stats
 * detail} against Debian's memcached 1.6.18 started with the same flags: the same keys in the same
 * order, and the same values wherever docs/cache-server.md does not list a difference.
 */
class StatsDifferentialTest {
  /** Keys whose values differ on purpose (docs/cache-server.md, "stats"). */
  private static final Set<String> SETTINGS_DIFFERENCES =
      Set.of("tcpport", "hash_algorithm", "lru_segmented");

  /** A pair of servers started with the same memcached flags. */
  private record Pair(MemcachedProcess memcached, InProcessServer memkube)
      implements AutoCloseable {
    static Pair start(String... flags) throws Exception {
      MemcachedProcess m = MemcachedProcess.start(flags);
      List<String> ours = new ArrayList<>(List.of("-l", "127.0.0.1"));
      ours.addAll(List.of(flags));
      return new Pair(m, InProcessServer.start(Main.settingsFor(ours.toArray(String[]::new))));
    }

    /** Sends the same bytes to both on one connection each; returns {memcached, memkube}. */
    String[] exchange(String request, String terminator) throws IOException {
      return new String[] {
        exchangeWith(memcached.port, request, terminator),
        exchangeWith(memkube.port, request, terminator)
      };
    }

    private static String exchangeWith(int port, String request, String terminator)
        throws IOException {
      try (WireClient w = new WireClient(port)) {
        w.send(request);
        return w.readText(terminator);
      }
    }

    @Override
    public void close() {
      memkube.close();
      memcached.close();
    }
  }

  private static final String SOME_ITEMS =
      "set a 0 0 1\r\n1\r\nset b:1 5 0 10\r\n0123456789\r\nset c 0 0 300\r\n"
          + "x".repeat(300)
          + "\r\nset d 0 0 3000\r\n"
          + "y".repeat(3000)
          + "\r\nget a b:1 nope\r\nmn\r\n";

  @Test
  void everyStatsCommandListsMemcachedsKeysInItsOrder() throws Exception {
    try (Pair p = Pair.start("-m", "64", "-t", "4")) {
      p.exchange(SOME_ITEMS, "MN\r\n");
      for (String cmd : List.of("stats", "stats settings", "stats items", "stats slabs")) {
        List<String> expected = new ArrayList<>(StatsReader.stats(p.memcached.port, cmd).keySet());
        // extstore's settings aside: memkube has no external storage
        expected.removeIf(k -> k.startsWith("ext_"));
        List<String> actual = new ArrayList<>(StatsReader.stats(p.memkube.port, cmd).keySet());
        assertEquals(expected, actual, cmd);
      }
    }
  }

  @Test
  void featureFlagsHideTheCountersMemcachedHidesWithThem() throws Exception {
    // memcached lists the LRU crawler's, the maintainer's, the slab mover's counters and
    // rejected_connections only while they are on; an exporter finds the same keys either way
    for (String[] flags :
        List.of(
            new String[] {"-o", "no_modern"},
            new String[] {"-o", "no_lru_crawler,no_lru_maintainer"},
            new String[] {"-o", "no_slab_reassign,temporary_ttl=10"})) {
      try (Pair p = Pair.start(flags)) {
        p.exchange("set a 0 0 1\r\n1\r\nmn\r\n", "MN\r\n");
        for (String cmd : List.of("stats", "stats items", "stats slabs")) {
          assertEquals(
              List.copyOf(StatsReader.stats(p.memcached.port, cmd).keySet()),
              List.copyOf(StatsReader.stats(p.memkube.port, cmd).keySet()),
              String.join(" ", flags) + ": " + cmd);
        }
      }
    }
  }

  @Test
  void statsSizesCountsItemsPerSizeBucketAsMemcachedDoes() throws Exception {
    try (Pair p = Pair.start("-o", "track_sizes")) {
      String[] r =
          p.exchange(
              "set a 0 0 1\r\n1\r\nset bb 0 100 300\r\n"
                  + "b".repeat(300)
                  + "\r\nset c 5 0 3000\r\n"
                  + "c".repeat(3000)
                  + "\r\nset d 0 0 1\r\n2\r\nstats sizes\r\n"
                  // turned off and on at run time, it counts only what is stored after
                  + "stats sizes_disable\r\nstats sizes\r\nstats sizes_enable\r\n"
                  + "set e 0 0 10\r\n0123456789\r\nstats sizes\r\nmn\r\n",
              "MN\r\n");
      assertEquals(r[0], r[1]);
      assertTrue(r[1].contains("STAT 64 2\r\nSTAT 384 1\r\nSTAT 3072 1\r\nEND"), r[1]);
    }
    try (Pair p = Pair.start("-C")) {
      String[] r = p.exchange("stats sizes_enable\r\nstats sizes\r\nmn\r\n", "MN\r\n");
      assertEquals(r[0], r[1]);
    }
  }

  @Test
  void cachedumpListsAClassNewestFirstAndRefusesAsMemcachedDoes() throws Exception {
    try (Pair p = Pair.start()) {
      String refusals =
          "stats cachedump\r\nstats cachedump 1\r\nstats cachedump 64 0\r\n"
              + "stats cachedump x 0\r\nstats cachedump 1 -1\r\nstats cachedump 0 0\r\n"
              + "stats cachedump 40 0\r\nmn\r\n";
      String[] r = p.exchange(refusals, "MN\r\n");
      assertEquals(r[0], r[1]);
      // absolute expiry times, so that both servers print the same number
      String items =
          "set a 0 0 1\r\n1\r\nset b 0 1800000000 3\r\n123\r\nset c 0 1800000001 2\r\n12\r\n"
              + "set big 0 0 500\r\n"
              + "x".repeat(500)
              + "\r\nmn\r\n";
      p.exchange(items, "MN\r\n");
      // memcached lists its COLD LRU, where its maintainer moves new items after about a second
      Thread.sleep(2500);
      String dump = "stats cachedump 1 0\r\nstats cachedump 1 2\r\nmn\r\n";
      r = p.exchange(dump, "MN\r\n");
      assertEquals(r[0], r[1]);
      assertTrue(
          r[1].startsWith(
              "ITEM c [2 b; 1800000001 s]\r\nITEM b [3 b; 1800000000 s]\r\nITEM a [1 b; 0 s]\r\n"),
          r[1]);
    }
    try (Pair p = Pair.start("-X")) {
      String[] r = p.exchange("stats cachedump 1 0\r\nstats cachedump\r\nmn\r\n", "MN\r\n");
      assertEquals(r[0], r[1]);
    }
  }

  @Test
  void aStoreOverItsOwnExpiredOrFlushedKeyCountsAsReclaimed() throws Exception {
    // t/issue_163.t and t/issue_183.t: memcached's allocation reuses the expired item (it also
    // reclaims other expired items it finds at the tail, which memkube counts when their page is
    // recycled or swept instead: one key keeps the two comparable)
    try (Pair p = Pair.start("-o", "no_modern")) {
      p.exchange("set e 0 1 5\r\nhello\r\nmn\r\n", "MN\r\n");
      Thread.sleep(2100);
      p.exchange("set e 0 0 5\r\nagain\r\nflush_all\r\nmn\r\n", "MN\r\n");
      Thread.sleep(1100); // flush_all's cut-off is the second it was given in
      p.exchange("set e 0 0 5\r\nthird\r\nmn\r\n", "MN\r\n");
      Map<String, String> m = StatsReader.stats(p.memcached.port, "stats");
      Map<String, String> k = StatsReader.stats(p.memkube.port, "stats");
      for (String key : List.of("reclaimed", "get_expired", "get_flushed", "expired_unfetched")) {
        assertEquals(m.get(key), k.get(key), key);
      }
      assertEquals("2", k.get("reclaimed"));
      assertEquals(
          StatsReader.stats(p.memcached.port, "stats items").get("items:1:reclaimed"),
          StatsReader.stats(p.memkube.port, "stats items").get("items:1:reclaimed"));
    }
  }

  @Test
  void settingsReportTheFlagsAsMemcachedDoes() throws Exception {
    try (Pair p =
        Pair.start(
            "-m",
            "32",
            "-c",
            "100",
            "-t",
            "2",
            "-b",
            "50",
            "-f",
            "1.5",
            "-n",
            "30",
            "-R",
            "5",
            "-D",
            "/",
            "-I",
            "512k",
            "-F",
            "-X",
            "-o",
            "idle_timeout=7,hashpower=20,slab_automove=2,slab_automove_ratio=0.5,"
                + "lru_crawler_sleep=50,temporary_ttl=30,hot_lru_pct=10,warm_lru_pct=30,"
                + "watcher_logbuf_size=128,read_buf_mem_limit=4,track_sizes,no_maxconns_fast,"
                + "tail_repair_time=20,slab_automove_freeratio=0.02,hot_max_factor=0.3")) {
      Map<String, String> expected = StatsReader.stats(p.memcached.port, "stats settings");
      expected.keySet().removeIf(k -> k.startsWith("ext_"));
      Map<String, String> actual = StatsReader.stats(p.memkube.port, "stats settings");
      assertEquals(expected.keySet(), actual.keySet());
      for (String k : expected.keySet()) {
        if (!SETTINGS_DIFFERENCES.contains(k)) {
          assertEquals(expected.get(k), actual.get(k), "stats settings " + k);
        }
      }
      // -f and -n shape the slab classes items are counted in
      String[] r =
          p.exchange(
              "set s 0 0 10\r\n0123456789\r\nset m 0 0 700\r\n"
                  + "m".repeat(700)
                  + "\r\nset l 0 0 100000\r\n"
                  + "l".repeat(100_000)
                  + "\r\nmn\r\n",
              "MN\r\n");
      assertEquals(r[0], r[1]);
      assertEquals(comparableSlabs(p.memcached.port), comparableSlabs(p.memkube.port));
    }
  }

  @Test
  void slabsAndItemsCountChunksAsMemcachedDoes() throws Exception {
    try (Pair p = Pair.start("-m", "64")) {
      // memcached's t/issue_29.t: an empty value is one used chunk, a second one two
      for (String key : List.of("issue29", "issue29_b")) {
        String[] r = p.exchange("set " + key + " 0 0 0\r\n\r\n", "\r\n");
        assertEquals(r[0], r[1]);
        assertEquals(
            StatsReader.stats(p.memcached.port, "stats slabs").get("1:used_chunks"),
            StatsReader.stats(p.memkube.port, "stats slabs").get("1:used_chunks"));
      }
      StringBuilder load = new StringBuilder();
      for (int i = 0; i < 300; i++) {
        int size = (i * 37) % 2000;
        load.append("set k").append(i).append(' ').append(i % 3).append(" 0 ").append(size);
        load.append("\r\n").append("v".repeat(size)).append("\r\n");
      }
      load.append("get k1 k2 k3 k4 k5 k6 k7 k8 k9 k10 k300\r\n");
      load.append("set n 0 0 2\r\n10\r\nincr n 5\r\ndecr n 1\r\ntouch k11 100\r\n");
      load.append("gets k12\r\ndelete k13\r\ndelete k14\r\ncas k15 1 0 1 999\r\nx\r\nmn\r\n");
      String[] r = p.exchange(load.toString(), "MN\r\n");
      assertEquals(r[0], r[1]);
      assertEquals(comparableSlabs(p.memcached.port), comparableSlabs(p.memkube.port));
      Map<String, String> expectedItems = comparableItems(p.memcached.port);
      assertEquals(expectedItems, comparableItems(p.memkube.port));
      assertEquals(
          StatsReader.stats(p.memcached.port, "stats").get("curr_items"),
          StatsReader.stats(p.memkube.port, "stats").get("curr_items"));
    }
  }

  /** stats slabs without total_malloced: memory memkube really allocated, not a page per class. */
  private static Map<String, String> comparableSlabs(int port) throws IOException {
    Map<String, String> m = StatsReader.stats(port, "stats slabs");
    m.remove("total_malloced");
    return m;
  }

  /** stats items without what depends on memcached's segmented LRU (see the docs). */
  private static Map<String, String> comparableItems(int port) throws IOException {
    Map<String, String> m = new LinkedHashMap<>(StatsReader.stats(port, "stats items"));
    m.keySet()
        .removeIf(
            k ->
                k.matches(
                    "items:\\d+:(age|number_hot|number_warm|number_cold|hits_to_hot"
                        + "|hits_to_warm|hits_to_cold|moves_to_cold|moves_to_warm"
                        + "|moves_within_lru|lrutail_reflocked)"));
    return m;
  }

  @Test
  void slabSizesGiveTheClassesItemsAreCountedIn() throws Exception {
    try (Pair p = Pair.start("-o", "slab_sizes=100-203-1000-5000")) {
      String[] r =
          p.exchange(
              "set a 0 0 1\r\n1\r\nset b 0 0 150\r\n"
                  + "b".repeat(150)
                  + "\r\nset c 0 0 4000\r\n"
                  + "c".repeat(4000)
                  + "\r\nset d 0 0 9000\r\n"
                  + "d".repeat(9000)
                  + "\r\nmn\r\n",
              "MN\r\n");
      assertEquals(r[0], r[1]);
      assertEquals(comparableSlabs(p.memcached.port), comparableSlabs(p.memkube.port));
    }
  }

  @Test
  void bytesNeverExceedTheMemoryLimit() throws Exception {
    try (Pair p = Pair.start("-m", "2", "-I", "512k")) {
      StringBuilder load = new StringBuilder();
      for (int i = 0; i < 60_000; i++) {
        load.append("set key:").append(i).append(" 0 0 10 noreply\r\n0123456789\r\n");
      }
      load.append("mn\r\n");
      p.exchange(load.toString(), "MN\r\n");
      for (int port : new int[] {p.memcached.port, p.memkube.port}) {
        Map<String, String> s = StatsReader.stats(port, "stats");
        long bytes = Long.parseLong(s.get("bytes"));
        assertTrue(bytes > 0, "bytes " + bytes);
        assertTrue(
            bytes <= Long.parseLong(s.get("limit_maxbytes")),
            port + ": bytes " + bytes + " over limit_maxbytes " + s.get("limit_maxbytes"));
      }
    }
  }

  @Test
  void statsDetailAnswersAsMemcachedDoes() throws Exception {
    try (Pair p = Pair.start()) {
      // memcached's t/stats-detail.t, then the forms and commands it leaves out
      String script =
          "stats detail dump\r\nstats detail on\r\nset foo:123 0 0 6\r\nfooval\r\n"
              + "stats detail dump\r\nget foo:123\r\nstats detail dump\r\nget foo:124\r\n"
              + "stats detail dump\r\ndelete foo:125\r\nstats detail dump\r\nstats reset\r\n"
              + "stats detail dump\r\nget foo:123\r\nstats detail dump\r\n"
              + "stats detail off\r\nget foo:124\r\nget foo:123\r\nstats detail dump\r\n"
              + "stats detail\r\nstats detail foo\r\nstats detail on x\r\n"
              + "gat 10 g:1 g:2\r\nset :x 0 0 1\r\nx\r\nget nodelim\r\nget a:b:c\r\n"
              + "add x:1 0 0 1\r\n1\r\ncas x:2 0 0 1 5\r\n1\r\nappend x:3 0 0 1\r\n1\r\n"
              + "set bad:key 0 0 foo\r\nget p:1 p:1\r\ntouch t:1 10\r\nincr t:2 1\r\n"
              + "mg m:1 v\r\nms m:2 1\r\nx\r\nmd m:3\r\nma m:4\r\ngets zz:1\r\n"
              + "set q/1 0 0 1\r\nq\r\nbogus:1\r\nstats detail dump\r\n";
      String[] r = p.exchange(script + "mn\r\n", "MN\r\n");
      assertEquals(r[0], r[1]);
      // a value too large for the cache still counts as a set of its prefix
      String big = "set big:1 0 0 2000000\r\n" + "b".repeat(2_000_000) + "\r\n";
      String[] tooLarge = p.exchange(big + "stats detail dump\r\nmn\r\n", "MN\r\n");
      assertEquals(tooLarge[0], tooLarge[1]);
      assertTrue(r[1].contains("PREFIX foo get 1 hit 1 set 0 del 0\r\n"), r[1]);
    }
  }

  @Test
  void slabsCommandsChangeAndRefuseAsMemcachedDoes() throws Exception {
    try (Pair p = Pair.start("-o", "no_slab_reassign")) {
      String[] r =
          p.exchange(
              "slabs reassign 1 2\r\nslabs reassign x 2\r\nslabs reassign 1 2 3\r\n"
                  + "slabs automove 2\r\nslabs automove ratio 0.25\r\nmn\r\n",
              "MN\r\n");
      assertEquals(r[0], r[1]);
      Map<String, String> expected = StatsReader.stats(p.memcached.port, "stats settings");
      Map<String, String> actual = StatsReader.stats(p.memkube.port, "stats settings");
      for (String k : List.of("slab_reassign", "slab_automove", "slab_automove_ratio")) {
        assertEquals(expected.get(k), actual.get(k), k);
      }
    }
  }

  @Test
  void dashCapitalCHidesCasAndNeverMatchesOneAsMemcachedDoes() throws Exception {
    try (Pair p = Pair.start("-C")) {
      // memcached's item size for this value is 100 bytes with CAS (class 2, 120-byte chunks) and
      // 92 without (class 1, 96-byte chunks): the classes show that -C drops the 8 bytes
      String v = "v".repeat(40);
      String[] r =
          p.exchange(
              "set a 0 0 40\r\n"
                  + v
                  + "\r\ngets a\r\ncas a 0 0 1 0\r\nx\r\ncas a 0 0 1 1\r\nx\r\n"
                  + "cas nope 0 0 1 1\r\nx\r\nms a 40 c C5\r\n"
                  + v
                  + "\r\nms a 40 c\r\n"
                  + v
                  + "\r\n"
                  + "mg a c v\r\nset n 0 0 1\r\n5\r\nma n c C9\r\nma n c N0\r\n"
                  + "md a C3 q\r\nmg a v\r\nmn\r\n",
              "MN\r\n");
      assertEquals(r[0], r[1]);
      assertTrue(r[1].contains("VALUE a 0 40 0\r\n"), r[1]);
      assertEquals("no", StatsReader.stats(p.memkube.port, "stats settings").get("cas_enabled"));
      assertEquals(comparableSlabs(p.memcached.port), comparableSlabs(p.memkube.port));
      assertEquals(comparableItems(p.memcached.port), comparableItems(p.memkube.port));
    }
  }

  @Test
  void dashCapitalFRefusesFlushAllAsMemcachedDoes() throws Exception {
    try (Pair p = Pair.start("-F")) {
      String[] r =
          p.exchange(
              "set a 0 0 1\r\n1\r\nflush_all\r\nflush_all noreply\r\nflush_all 0\r\n"
                  + "get a\r\nmn\r\n",
              "MN\r\n");
      assertEquals(r[0], r[1]);
      assertTrue(r[1].contains("CLIENT_ERROR flush_all not allowed"), r[1]);
      assertEquals(
          StatsReader.stats(p.memcached.port, "stats").get("cmd_flush"),
          StatsReader.stats(p.memkube.port, "stats").get("cmd_flush"));
    }
  }

  @Test
  void idleTimeoutClosesIdleConnectionsOnlyAndCountsThem() throws Exception {
    try (Pair p = Pair.start("-o", "idle_timeout=2")) {
      for (int port : new int[] {p.memcached.port, p.memkube.port}) {
        assertEquals("0", StatsReader.stats(port, "stats").get("idle_kicks"));
      }
      try (WireClient idleM = new WireClient(p.memcached.port);
          WireClient idleK = new WireClient(p.memkube.port);
          WireClient busyM = new WireClient(p.memcached.port);
          WireClient busyK = new WireClient(p.memkube.port)) {
        // a slowloris: a command line that never ends counts as idle
        idleK.send("get never-ending");
        idleM.send("get never-ending");
        for (int i = 0; i < 10; i++) {
          Thread.sleep(500);
          for (WireClient busy : List.of(busyM, busyK)) {
            busy.send("mn\r\n");
            assertEquals("MN\r\n", busy.readText("MN\r\n"));
          }
        }
        for (WireClient idle : List.of(idleM, idleK)) {
          idle.readUntil(null, 2000);
          assertTrue(idle.closedByPeer(), "an idle connection was left open");
        }
        for (WireClient busy : List.of(busyM, busyK)) {
          busy.send("mn\r\n");
          assertEquals("MN\r\n", busy.readText("MN\r\n"));
          assertFalse(busy.closedByPeer());
        }
      }
      for (int port : new int[] {p.memcached.port, p.memkube.port}) {
        assertEquals("1", StatsReader.stats(port, "stats").get("idle_kicks"), "port " + port);
      }
    }
  }
}
