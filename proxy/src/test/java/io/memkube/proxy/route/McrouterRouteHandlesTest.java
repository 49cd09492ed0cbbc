package io.memkube.proxy.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.proxy.RunningProxy;
import io.memkube.proxy.configmodel.parse.ConfigValidator;
import io.memkube.proxy.testing.MemcachedProcess;
import io.memkube.proxy.testing.ProxyFixture;
import io.memkube.proxy.testing.TextClient;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The route handles a real mcrouter config uses beyond the basic ones, each on real memcached: what
 * reaches which server, and what the client is answered. The fixture's host id is 1.
 */
class McrouterRouteHandlesTest {
  static MemcachedProcess a;
  static MemcachedProcess b;

  @BeforeAll
  static void start() throws Exception {
    a = MemcachedProcess.start();
    b = MemcachedProcess.start();
  }

  @AfterAll
  static void stop() {
    a.close();
    b.close();
  }

  private static RunningProxy proxy(String route) throws Exception {
    return ProxyFixture.start(
        """
        {"pools": {"A": {"servers": ["%s"]}, "B": {"servers": ["%s"]}}, "route": %s}
        """
            .formatted(a.address(), b.address(), route));
  }

  private static String get(TextClient c, String key) throws Exception {
    String r = c.until("get " + key + "\r\n", "END");
    return r.startsWith("VALUE") ? r.split("\r\n")[1] : null;
  }

  private static void set(TextClient c, String key, String value) throws Exception {
    assertEquals(
        "STORED", c.line("set " + key + " 0 0 " + value.length() + "\r\n" + value + "\r\n"));
  }

  @Test
  void keySplitWritesEveryReplicaWithAllSyncReadsItsOwnAndDeletesAll() throws Exception {
    String route =
        """
        {"type": "KeySplitRoute", "destination": "PoolRoute|A", "replicas": 3, "all_sync": true}
        """;
    try (RunningProxy p = proxy(route);
        TextClient c = new TextClient(p.port());
        TextClient direct = new TextClient(a.port())) {
      set(c, "hot", "v");
      Thread.sleep(100);
      assertEquals("v", get(direct, "hot"));
      assertEquals("v", get(direct, "hot::1"));
      assertEquals("v", get(direct, "hot::2"));
      // host id 1 of 3 replicas reads hot::1
      set(direct, "hot::1", "mine");
      assertEquals("mine", get(c, "hot"));
      assertEquals("DELETED", c.line("delete hot\r\n"));
      Thread.sleep(100);
      assertEquals(null, get(direct, "hot"));
      assertEquals(null, get(direct, "hot::2"));
    }
  }

  @Test
  void l1l2ReadsL2OnAMissFillsL1AndCachesMissesNegatively() throws Exception {
    String route =
        """
        {"type": "L1L2CacheRoute", "l1": "PoolRoute|A", "l2": "PoolRoute|B",
         "upgradingL1Exptime": 60, "ncacheExptime": 10, "ncacheUpdatePeriod": 5}
        """;
    try (RunningProxy p = proxy(route);
        TextClient c = new TextClient(p.port());
        TextClient l1 = new TextClient(a.port());
        TextClient l2 = new TextClient(b.port())) {
      set(l2, "deep", "from-l2");
      assertEquals("from-l2", get(c, "deep"));
      Thread.sleep(100);
      assertEquals("from-l2", get(l1, "deep"), "L1 filled from L2");
      assertEquals(null, get(c, "nowhere"));
      Thread.sleep(100);
      assertEquals(
          "VALUE nowhere 65536 6\r\nncache\r\nEND\r\n",
          l1.until("get nowhere\r\n", "END"),
          "a negative-cache marker in L1");
      assertEquals(null, get(c, "nowhere"), "the marker reads as a miss");
      set(c, "written", "x");
      assertEquals("x", get(l1, "written"));
      assertEquals(null, get(l2, "written"), "writes go to L1 only");
    }
  }

  @Test
  void aLoadBalancerFailsOverToAnotherChildOnlyWithFailoverCount() throws Exception {
    String once =
        """
        {"type": "LoadBalancerRoute", "children": ["ErrorRoute|down", "PoolRoute|A"]}
        """;
    String twice =
        """
        {"type": "LoadBalancerRoute", "children": ["ErrorRoute|down", "PoolRoute|A"],
         "failover_count": 2}
        """;
    int failedOnce = 0;
    try (RunningProxy p = proxy(once);
        TextClient c = new TextClient(p.port())) {
      for (int i = 0; i < 40; i++) {
        if (!c.line("set lb" + i + " 0 0 1\r\nv\r\n").equals("STORED")) {
          failedOnce++;
        }
      }
    }
    assertTrue(failedOnce > 5 && failedOnce < 35, "about half the keys hash to the error child");
    try (RunningProxy p = proxy(twice);
        TextClient c = new TextClient(p.port())) {
      for (int i = 0; i < 40; i++) {
        assertEquals("STORED", c.line("set lb" + i + " 0 0 1\r\nv\r\n"));
      }
    }
  }

  @Test
  void blackholeSendsMatchingRequestsToNullRouteAndTheRestToDefault() throws Exception {
    String route =
        """
        {"type": "BlackholeRoute", "default": "PoolRoute|A",
         "policies": {"key": [{"op": "equals", "value": "banned"}]}}
        """;
    try (RunningProxy p = proxy(route);
        TextClient c = new TextClient(p.port())) {
      assertEquals("NOT_STORED", c.line("set banned 0 0 1\r\nv\r\n"));
      set(c, "allowed", "v");
      assertEquals("v", get(c, "allowed"));
    }
  }

  @Test
  void devNullAnswersTheDefaultReplyAndCounts() throws Exception {
    long before = DevNullRoute.REQUESTS.sum();
    try (RunningProxy p = proxy("\"DevNullRoute\"");
        TextClient c = new TextClient(p.port())) {
      assertEquals("NOT_STORED", c.line("set x 0 0 1\r\nv\r\n"));
      assertEquals("END", c.line("get x\r\n"));
      assertEquals("NOT_FOUND", c.line("delete x\r\n"));
    }
    assertEquals(before + 3, DevNullRoute.REQUESTS.sum());
  }

  @Test
  void loggingRouteForwardsAndLogsEachRequestWithItsReply() throws Exception {
    List<String> lines = new ArrayList<>();
    Handler h =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            synchronized (lines) {
              lines.add(r.getMessage());
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger log = Logger.getLogger(LoggingRoute.class.getName());
    log.addHandler(h);
    try (RunningProxy p = proxy("{\"type\": \"LoggingRoute\", \"target\": \"PoolRoute|A\"}");
        TextClient c = new TextClient(p.port())) {
      set(c, "logged", "v");
      assertEquals("v", get(c, "logged"));
    } finally {
      log.removeHandler(h);
    }
    synchronized (lines) {
      assertTrue(
          lines.stream().anyMatch(l -> l.contains("key: logged") && l.contains("HIT")), "" + lines);
    }
  }

  @Test
  void rateLimitAnswersTheDefaultReplyBeyondTheBurst() throws Exception {
    String route =
        """
        {"type": "RateLimitRoute", "target": "PoolRoute|A",
         "rates": {"sets_rate": 0.5, "sets_burst": 2}}
        """;
    try (RunningProxy p = proxy(route);
        TextClient c = new TextClient(p.port())) {
      List<String> replies = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        replies.add(c.line("set rl" + i + " 0 0 1\r\nv\r\n"));
      }
      assertEquals(List.of("STORED", "STORED", "NOT_STORED", "NOT_STORED", "NOT_STORED"), replies);
      assertEquals("v", get(c, "rl0"), "gets are not limited");
    }
  }

  @Test
  void migrateSendsDeletesToBothDuringTheMigrationAndEverythingToTheTargetAfter() throws Exception {
    long now = System.currentTimeMillis() / 1000;
    String during =
        """
        {"type": "MigrateRoute", "from": "PoolRoute|A", "to": "PoolRoute|B",
         "start_time": %d, "interval": 3600}
        """
            .formatted(now - 10);
    try (RunningProxy p = proxy(during);
        TextClient c = new TextClient(p.port());
        TextClient da = new TextClient(a.port());
        TextClient db = new TextClient(b.port())) {
      set(c, "moving", "v");
      assertEquals("v", get(da, "moving"));
      assertEquals(null, get(db, "moving"));
      set(db, "moving", "w");
      assertEquals("DELETED", c.line("delete moving\r\n"));
      assertEquals(null, get(da, "moving"));
      assertEquals(null, get(db, "moving"));
    }
    String after = during.replace(Long.toString(now - 10), Long.toString(now - 7300));
    try (RunningProxy p = proxy(after);
        TextClient c = new TextClient(p.port());
        TextClient db = new TextClient(b.port())) {
      set(c, "moved", "v");
      assertEquals("v", get(db, "moved"));
    }
  }

  @Test
  void hostIdRoutePicksTheChildOfThisHostsId() throws Exception {
    try (RunningProxy p =
            proxy("{\"type\": \"HostIdRoute\", \"children\": [\"PoolRoute|A\", \"PoolRoute|B\"]}");
        TextClient c = new TextClient(p.port());
        TextClient db = new TextClient(b.port())) {
      set(c, "byhost", "v");
      assertEquals("v", get(db, "byhost"));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        """
        {"type": "HashRoute", "children": ["PoolRoute|A", "PoolRoute|B"], "hash_func": "Random"}
        """,
        """
        {"type": "PoolRoute", "pool": {"name": "AB", "servers": ["%s", "%s"]},
         "hash": {"hash": "md5", "distribution": "random"}}
        """
      })
  void aRandomHashSpreadsRequestsOverEveryChildWhateverTheKey(String form) throws Exception {
    String route = form.formatted(a.address(), b.address());
    try (RunningProxy p = proxy(route);
        TextClient c = new TextClient(p.port());
        TextClient da = new TextClient(a.port());
        TextClient db = new TextClient(b.port())) {
      // distinct keys: both servers take a share
      int onA = 0;
      int onB = 0;
      for (int i = 0; i < 60; i++) {
        String key = "rnd-" + form.hashCode() + "-" + i;
        set(c, key, "v");
        boolean inA = get(da, key) != null;
        boolean inB = get(db, key) != null;
        assertTrue(inA != inB, key + " on exactly one server");
        onA += inA ? 1 : 0;
        onB += inB ? 1 : 0;
      }
      assertTrue(onA >= 10 && onB >= 10, "60 keys spread: " + onA + " on A, " + onB + " on B");
      // one key, written again and again: each write goes to a child of its own
      String same = "rnd-same-" + form.hashCode();
      for (int i = 0; i < 30; i++) {
        set(c, same, "w" + i);
      }
      assertTrue(get(da, same) != null && get(db, same) != null, "the one key reached both");
    }
  }

  @Test
  void constShardSendsAKeyToTheChildItsShardNumberNames() throws Exception {
    String route =
        """
        {"type": "HashRoute", "children": ["PoolRoute|A", "PoolRoute|B"], "hash_func": "ConstShard"}
        """;
    try (RunningProxy p = proxy(route);
        TextClient c = new TextClient(p.port());
        TextClient da = new TextClient(a.port());
        TextClient db = new TextClient(b.port())) {
      for (int i = 0; i < 10; i++) {
        set(c, "user:0:cs" + i, "a");
        set(c, "user:1:cs" + i, "b");
        assertEquals("a", get(da, "user:0:cs" + i));
        assertEquals(null, get(db, "user:0:cs" + i));
        assertEquals("b", get(db, "user:1:cs" + i));
        assertEquals(null, get(da, "user:1:cs" + i));
      }
    }
  }

  @Test
  void routeHandlesThatAreNotProvidedAreRefusedByName() {
    ConfigValidator.Result r =
        ConfigValidator.validate(
            """
            {"pools": {"A": {"servers": ["127.0.0.1:1"]}},
             "route": {"type": "BigValueRoute", "child": "PoolRoute|A"}}
            """);
    assertTrue(
        r.error().contains("mcrouter's BigValueRoute is not supported by memkube-proxy"),
        r.error());
  }

  /** A client connected to the proxy's loopback port from the loopback address {@code from}. */
  private static TextClient clientFrom(String from, int port) throws Exception {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(from, 0));
    s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
    return new TextClient(s);
  }

  private static int childOf(String clientAddress, int offset) {
    OriginalClientHashRoute r =
        new OriginalClientHashRoute(List.of(NullRoute.INSTANCE, NullRoute.INSTANCE), offset);
    return r.index(clientAddress.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void originalClientHashSendsEachClientToTheChildItsAddressHashesToWhateverTheKey()
      throws Exception {
    // a second loopback client whose address hashes to the other child than 127.0.0.1's
    String first = "127.0.0.1";
    String second = null;
    for (int i = 2; i < 50 && second == null; i++) {
      if (childOf("127.0.0." + i, 0) != childOf(first, 0)) {
        second = "127.0.0." + i;
      }
    }
    assertTrue(second != null);
    for (int offset = 0; offset < 2; offset++) {
      String route =
          """
          {"type": "OriginalClientHashRoute", "children": ["PoolRoute|A", "PoolRoute|B"],
           "offset": %d}
          """
              .formatted(offset);
      try (RunningProxy p = proxy(route)) {
        for (String client : List.of(first, second)) {
          int expected = childOf(client, offset);
          try (TextClient da = new TextClient(a.port());
              TextClient db = new TextClient(b.port())) {
            TextClient[] direct = {da, db};
            // every key of a client, over two connections, lands on the same child
            for (int conn = 0; conn < 2; conn++) {
              try (TextClient c = clientFrom(client, p.port())) {
                for (int k = 0; k < 10; k++) {
                  String key = "och-" + offset + "-" + client + "-" + conn + "-" + k;
                  set(c, key, "v" + k);
                  assertEquals("v" + k, get(direct[expected], key), key + " on its child");
                  assertEquals(null, get(direct[1 - expected], key), key + " not elsewhere");
                  assertEquals("v" + k, get(c, key), "and read back through the proxy");
                }
              }
            }
          }
        }
      }
    }
  }
}
