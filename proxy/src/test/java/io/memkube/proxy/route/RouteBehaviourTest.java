package io.memkube.proxy.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.proxy.RunningProxy;
import io.memkube.proxy.testing.FreePorts;
import io.memkube.proxy.testing.MemcachedProcess;
import io.memkube.proxy.testing.ProxyFixture;
import io.memkube.proxy.testing.TextClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Route handles behave as mcrouter's docs say, checked through a proxy on real memcached. */
class RouteBehaviourTest {
  static MemcachedProcess a;
  static MemcachedProcess b;
  static MemcachedProcess c;
  static String dead;

  @BeforeAll
  static void start() throws Exception {
    a = MemcachedProcess.start();
    b = MemcachedProcess.start();
    c = MemcachedProcess.start();
    dead = "127.0.0.1:" + FreePorts.next();
  }

  @AfterAll
  static void stop() throws Exception {
    a.close();
    b.close();
    c.close();
  }

  private static String pools() {
    return """
        "pools": {"A": {"servers": ["%s"]}, "B": {"servers": ["%s"]}, "C": {"servers": ["%s"]},
                  "R": {"servers": ["%s", "%s", "%s"]}, "DEAD": {"servers": ["%s"]}},
        """
        .formatted(
            a.address(), b.address(), c.address(), a.address(), b.address(), c.address(), dead);
  }

  private static String direct(MemcachedProcess m, String cmd, String last) throws Exception {
    try (TextClient t = new TextClient(m.port())) {
      return t.until(cmd, last);
    }
  }

  @Test
  void failoverSkipsADeadServerAndMissesDoNotFailOver() throws Exception {
    try (RunningProxy p =
            ProxyFixture.start(
                "{"
                    + pools()
                    + "\"route\": {\"type\": \"FailoverRoute\","
                    + " \"children\": [\"PoolRoute|DEAD\", \"PoolRoute|A\", \"PoolRoute|B\"]}}");
        TextClient cl = new TextClient(p.port())) {
      assertEquals("STORED", cl.line("set fo 0 0 2\r\nhi\r\n"));
      assertEquals("VALUE fo 0 2\r\nhi\r\nEND\r\n", direct(a, "get fo\r\n", "END"));
      assertEquals("END\r\n", direct(b, "get fo\r\n", "END"));
      // a miss on A is an answer: B is not asked
      assertEquals("STORED\r\n", direct(b, "set onlyb 0 0 1\r\nb\r\n", "STORED"));
      assertEquals("END", cl.line("get onlyb\r\n"));
    }
  }

  @Test
  void failoverErrorsNarrowWhatFailsOver() throws Exception {
    try (RunningProxy p =
            ProxyFixture.start(
                "{"
                    + pools()
                    + "\"route\": {\"type\": \"FailoverRoute\", \"failover_errors\":"
                    + " [\"timeout\"], \"children\": [\"PoolRoute|DEAD\", \"PoolRoute|A\"]}}");
        TextClient cl = new TextClient(p.port())) {
      String reply = cl.line("set nf 0 0 1\r\nx\r\n");
      assertTrue(reply.startsWith("SERVER_ERROR"), reply);
    }
  }

  @Test
  void missFailoverReadsOnUntilAHit() throws Exception {
    try (RunningProxy p =
            ProxyFixture.start("{" + pools() + "\"route\": \"MissFailoverRoute|Pool|R\"}");
        TextClient cl = new TextClient(p.port())) {
      direct(c, "set mf 0 0 1\r\nc\r\n", "STORED");
      assertEquals("VALUE mf 0 1\r\nc\r\nEND\r\n", cl.until("get mf\r\n", "END"));
    }
  }

  @Test
  void allSyncReplicatesAndReportsTheWorstReply() throws Exception {
    try (RunningProxy p =
            ProxyFixture.start("{" + pools() + "\"route\": \"AllSyncRoute|Pool|R\"}");
        TextClient cl = new TextClient(p.port())) {
      assertEquals("STORED", cl.line("set rep 0 0 3\r\nall\r\n"));
      for (MemcachedProcess m : new MemcachedProcess[] {a, b, c}) {
        assertEquals("VALUE rep 0 3\r\nall\r\nEND\r\n", direct(m, "get rep\r\n", "END"));
      }
      direct(b, "delete rep\r\n", "DELETED");
      // one replica says NOT_FOUND, the others DELETED: the worse reply wins
      assertEquals("NOT_FOUND", cl.line("delete rep\r\n"));
    }
    try (RunningProxy p =
            ProxyFixture.start(
                "{"
                    + pools()
                    + "\"route\": {\"type\": \"AllSyncRoute\", \"children\": "
                    + "[\"PoolRoute|A\", \"PoolRoute|DEAD\"]}}");
        TextClient cl = new TextClient(p.port())) {
      assertTrue(cl.line("set rep2 0 0 1\r\nx\r\n").startsWith("SERVER_ERROR"));
    }
  }

  @Test
  void allMajorityAnswersWhatMostReplicasSay() throws Exception {
    try (RunningProxy p =
            ProxyFixture.start(
                "{"
                    + pools()
                    + "\"route\": {\"type\": \"AllMajorityRoute\", \"children\": "
                    + "[\"PoolRoute|A\", \"PoolRoute|B\", \"PoolRoute|DEAD\"]}}");
        TextClient cl = new TextClient(p.port())) {
      assertEquals("STORED", cl.line("set maj 0 0 1\r\nx\r\n"));
    }
  }

  @Test
  void allInitialAndAllAsyncWriteEverywhere() throws Exception {
    try (RunningProxy p =
            ProxyFixture.start(
                "{"
                    + pools()
                    + "\"route\": {\"type\": \"OperationSelectorRoute\","
                    + " \"operation_policies\": {\"set\": \"AllAsyncRoute|Pool|R\","
                    + " \"delete\": \"AllInitialRoute|Pool|R\"}, \"default_policy\": \"PoolRoute|A\"}}");
        TextClient cl = new TextClient(p.port())) {
      assertEquals("NOT_STORED", cl.line("set async 0 0 1\r\nx\r\n")); // AllAsync's default reply
      waitFor(() -> direct(c, "get async\r\n", "END").startsWith("VALUE"));
      assertEquals("DELETED", cl.line("delete async\r\n"));
      waitFor(() -> direct(c, "get async\r\n", "END").equals("END\r\n"));
    }
  }

  @Test
  void warmUpAnswersFromWarmAndFillsCold() throws Exception {
    try (RunningProxy p =
            ProxyFixture.start(
                "{"
                    + pools()
                    + "\"route\": {\"type\": \"WarmUpRoute\", \"cold\": \"PoolRoute|B\","
                    + " \"warm\": \"PoolRoute|A\", \"exptime\": 100}}");
        TextClient cl = new TextClient(p.port())) {
      direct(a, "set wu 7 0 4\r\nwarm\r\n", "STORED");
      assertEquals("VALUE wu 7 4\r\nwarm\r\nEND\r\n", cl.until("get wu\r\n", "END"));
      waitFor(() -> direct(b, "get wu\r\n", "END").equals("VALUE wu 7 4\r\nwarm\r\nEND\r\n"));
      assertEquals("STORED", cl.line("set wu2 0 0 1\r\nx\r\n"));
      assertEquals("END\r\n", direct(a, "get wu2\r\n", "END"));
    }
  }

  @Test
  void modifyExptimeCapsTheTtl() throws Exception {
    try (RunningProxy p =
            ProxyFixture.start(
                "{"
                    + pools()
                    + "\"route\": {\"type\": \"ModifyExptimeRoute\", \"target\": "
                    + "\"PoolRoute|A\", \"exptime\": 1, \"action\": \"min\"}}");
        TextClient cl = new TextClient(p.port())) {
      assertEquals("STORED", cl.line("set short 0 0 1\r\nx\r\n"));
      waitFor(() -> direct(a, "get short\r\n", "END").equals("END\r\n"));
    }
  }

  @Test
  void errorAndNullRoutesAnswerWithoutServers() throws Exception {
    try (RunningProxy p =
            ProxyFixture.start(
                "{"
                    + pools()
                    + "\"route\": {\"type\": \"OperationSelectorRoute\","
                    + " \"operation_policies\": {\"get\": \"NullRoute\"},"
                    + " \"default_policy\": {\"type\": \"ErrorRoute\", \"response\": \"read only\"}}}");
        TextClient cl = new TextClient(p.port())) {
      assertEquals("END", cl.line("get anything\r\n"));
      assertEquals("SERVER_ERROR read only", cl.line("set x 0 0 1\r\nx\r\n"));
    }
  }

  @Test
  void getsFromADeadServerAreMissesAndWritesAreErrors() throws Exception {
    try (RunningProxy p = ProxyFixture.start("{" + pools() + "\"route\": \"PoolRoute|DEAD\"}");
        TextClient cl = new TextClient(p.port())) {
      assertEquals("END", cl.line("get k\r\n"));
      assertTrue(cl.line("set k 0 0 1\r\nx\r\n").startsWith("SERVER_ERROR"));
      assertTrue(cl.line("delete k\r\n").startsWith("SERVER_ERROR"));
    }
  }

  @Test
  void prefixSelectorSendsKeysByLongestPrefix() throws Exception {
    try (RunningProxy p =
            ProxyFixture.start(
                "{"
                    + pools()
                    + "\"route\": {\"type\": \"PrefixSelectorRoute\", \"policies\":"
                    + " {\"user:\": \"PoolRoute|A\", \"user:vip:\": \"PoolRoute|B\"},"
                    + " \"wildcard\": \"PoolRoute|C\"}}");
        TextClient cl = new TextClient(p.port())) {
      assertEquals("STORED", cl.line("set user:1 0 0 1\r\na\r\n"));
      assertEquals("STORED", cl.line("set user:vip:1 0 0 1\r\nb\r\n"));
      assertEquals("STORED", cl.line("set other 0 0 1\r\nc\r\n"));
      assertTrue(direct(a, "get user:1\r\n", "END").startsWith("VALUE"));
      assertTrue(direct(b, "get user:vip:1\r\n", "END").startsWith("VALUE"));
      assertTrue(direct(c, "get other\r\n", "END").startsWith("VALUE"));
    }
  }

  @Test
  void hashRouteWithCrc32AndSaltPlacesKeysWhereTheSaltedHashSays() throws Exception {
    try (RunningProxy p =
            ProxyFixture.start(
                "{"
                    + pools()
                    + "\"route\": {\"type\": \"HashRoute\", \"children\": \"Pool|R\","
                    + " \"hash_func\": \"Crc32\", \"salt\": \"pepper\"}}");
        TextClient cl = new TextClient(p.port())) {
      MemcachedProcess[] servers = {a, b, c};
      io.memkube.proxy.hash.Crc32Hash crc = new io.memkube.proxy.hash.Crc32Hash(3);
      for (int i = 0; i < 30; i++) {
        String key = "salted" + i;
        assertEquals("STORED", cl.line("set " + key + " 0 0 1\r\nv\r\n"));
        int expected =
            crc.bucket((key + "pepper").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(
            direct(servers[expected], "get " + key + "\r\n", "END").startsWith("VALUE"), key);
      }
    }
  }

  @Test
  void allFastestAndLatestRoutesAnswerFromALiveServer() throws Exception {
    try (RunningProxy p =
            ProxyFixture.start(
                "{"
                    + pools()
                    + "\"route\": {\"type\": \"OperationSelectorRoute\","
                    + " \"operation_policies\": {\"get\": {\"type\": \"AllFastestRoute\","
                    + " \"children\": [\"PoolRoute|DEAD\", \"PoolRoute|A\"]}},"
                    + " \"default_policy\": {\"type\": \"LatestRoute\", \"failover_count\": 2,"
                    + " \"children\": [\"PoolRoute|DEAD\", \"PoolRoute|A\"]}}}");
        TextClient cl = new TextClient(p.port())) {
      assertEquals("STORED", cl.line("set lf 0 0 2\r\nok\r\n"));
      assertEquals("VALUE lf 0 2\r\nok\r\nEND\r\n", cl.until("get lf\r\n", "END"));
    }
  }

  @Test
  void randomRouteSpreadsRequestsOverItsChildren() throws Exception {
    try (RunningProxy p = ProxyFixture.start("{" + pools() + "\"route\": \"RandomRoute|Pool|R\"}");
        TextClient cl = new TextClient(p.port())) {
      for (int i = 0; i < 60; i++) {
        assertEquals("STORED", cl.line("set rnd" + i + " 0 0 1\r\nv\r\n"));
      }
      for (MemcachedProcess m : new MemcachedProcess[] {a, b, c}) {
        int here = 0;
        for (int i = 0; i < 60; i++) {
          if (direct(m, "get rnd" + i + "\r\n", "END").startsWith("VALUE")) {
            here++;
          }
        }
        assertTrue(here > 0, "every child gets some of 60 random writes");
      }
    }
  }

  interface Check {
    boolean ok() throws Exception;
  }

  static void waitFor(Check check) throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (check.ok()) {
        return;
      }
      Thread.sleep(50);
    }
    assertTrue(check.ok(), "condition not met within 5 s");
  }
}
