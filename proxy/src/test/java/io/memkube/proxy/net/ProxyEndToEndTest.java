package io.memkube.proxy.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.proxy.RunningProxy;
import io.memkube.proxy.hash.Ch3Hash;
import io.memkube.proxy.testing.MemcachedProcess;
import io.memkube.proxy.testing.ProxyFixture;
import io.memkube.proxy.testing.TextClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProxyEndToEndTest {
  static List<MemcachedProcess> servers = new ArrayList<>();
  static RunningProxy proxy;

  @BeforeAll
  static void start() throws Exception {
    for (int i = 0; i < 3; i++) {
      servers.add(MemcachedProcess.start());
    }
    proxy =
        ProxyFixture.start(
            """
            {
              // comments and trailing commas, as mcrouter accepts
              "pools": {"A": {"servers": ["%s", "%s", "%s",]}},
              "route": "PoolRoute|A",
            }
            """
                .formatted(
                    servers.get(0).address(), servers.get(1).address(), servers.get(2).address()));
  }

  @AfterAll
  static void stop() throws Exception {
    proxy.close();
    for (MemcachedProcess m : servers) {
      m.close();
    }
  }

  @Test
  void keysLandOnTheServerCh3Picks() throws Exception {
    Ch3Hash ch3 = new Ch3Hash(3);
    try (TextClient c = new TextClient(proxy.port())) {
      for (int i = 0; i < 200; i++) {
        assertEquals("STORED", c.line("set place" + i + " 0 0 1\r\nv\r\n"));
      }
    }
    List<TextClient> direct = new ArrayList<>();
    for (MemcachedProcess m : servers) {
      direct.add(new TextClient(m.port()));
    }
    try {
      for (int i = 0; i < 200; i++) {
        String key = "place" + i;
        int expected = ch3.bucket(key.getBytes(StandardCharsets.UTF_8));
        for (int s = 0; s < 3; s++) {
          boolean there = direct.get(s).until("get " + key + "\r\n", "END").startsWith("VALUE");
          assertEquals(s == expected, there, key + " on server " + s);
        }
      }
    } finally {
      for (TextClient t : direct) {
        t.close();
      }
    }
  }

  @Test
  void multiGetAcrossServersAnswersInTheClientsOrder() throws Exception {
    try (TextClient c = new TextClient(proxy.port())) {
      StringBuilder get = new StringBuilder("get");
      StringBuilder expected = new StringBuilder();
      for (int i = 0; i < 30; i++) {
        if (i % 3 != 0) {
          assertEquals("STORED", c.line("set mk" + i + " " + i + " 0 2\r\nv" + (i % 10) + "\r\n"));
          expected.append("VALUE mk").append(i).append(' ').append(i).append(" 2\r\nv");
          expected.append(i % 10).append("\r\n");
        }
        get.append(" mk").append(i);
      }
      expected.append("END\r\n");
      assertEquals(expected.toString(), c.until(get + "\r\n", "END"));
    }
  }

  @Test
  void answersStorageArithmeticAndDeleteLikeMemcached() throws Exception {
    try (TextClient c = new TextClient(proxy.port())) {
      assertEquals("NOT_FOUND", c.line("incr nope 1\r\n"));
      assertEquals("STORED", c.line("set n 0 0 2\r\n10\r\n"));
      assertEquals("15", c.line("incr n 5\r\n"));
      assertEquals("14", c.line("decr n 1\r\n"));
      assertEquals("NOT_STORED", c.line("add n 0 0 1\r\nx\r\n"));
      assertEquals("STORED", c.line("append n 0 0 1\r\nx\r\n"));
      assertEquals("VALUE n 0 3\r\n14x\r\nEND\r\n", c.until("get n\r\n", "END"));
      String gets = c.until("gets n\r\n", "END");
      String cas = gets.split("\r\n")[0].split(" ")[4];
      assertEquals("STORED", c.line("cas n 0 0 1 " + cas + "\r\ny\r\n"));
      assertEquals("EXISTS", c.line("cas n 0 0 1 " + cas + "\r\nz\r\n"));
      assertEquals("TOUCHED", c.line("touch n 100\r\n"));
      assertEquals("VALUE n 0 1\r\ny\r\nEND\r\n", c.until("gat 100 n missing\r\n", "END"));
      assertTrue(c.until("gats 100 n\r\n", "END").startsWith("VALUE n 0 1 "));
      assertEquals("OK", c.line("verbosity 1\r\n"));
      assertEquals("DELETED", c.line("delete n\r\n"));
      assertEquals("NOT_FOUND", c.line("delete n\r\n"));
      assertEquals("END", c.line("get n\r\n"));
      assertEquals("ERROR", c.line("bogus\r\n"));
      assertEquals("CLIENT_ERROR bad data chunk", c.line("set n 0 0 1\r\nxyz\r\n"));
    }
  }

  @Test
  void noreplyCommandsAreSilentAndStillApplied() throws Exception {
    try (TextClient c = new TextClient(proxy.port())) {
      c.send("set quiet 0 0 1 noreply\r\nq\r\n");
      assertEquals("VALUE quiet 0 1\r\nq\r\nEND\r\n", c.until("get quiet\r\n", "END"));
    }
  }

  @Test
  void metaCommandsAreRoutedByKeyAndQuietModeIsHonoured() throws Exception {
    try (TextClient c = new TextClient(proxy.port())) {
      assertEquals("HD", c.line("ms mkey 2 T0\r\nhi\r\n"));
      assertEquals("VA 2 f0", c.line("mg mkey v f\r\n"));
      assertEquals("hi", c.readLine());
      // quiet: a miss and a stored reply are suppressed, mn marks the end
      c.send("mg nothere v q\r\nms mkey2 1 q\r\nx\r\nmn\r\n");
      assertEquals("MN", c.readLine());
      assertEquals("EN", c.line("mg nothere v\r\n"));
      assertTrue(c.line("me mkey\r\n").startsWith("ME mkey "));
      assertEquals("EN", c.line("me nothere\r\n"));
      assertEquals("EN", c.line("mg __mcrouter__.version v\r\n"));
    }
  }

  @Test
  void answersAdminKeysVersionAndStatsItself() throws Exception {
    try (TextClient c = new TextClient(proxy.port())) {
      assertEquals("VERSION " + RunningProxy.VERSION, c.line("version\r\n"));
      String v = c.until("get __mcrouter__.version\r\n", "END");
      assertEquals(
          "VALUE __mcrouter__.version 0 "
              + RunningProxy.VERSION.length()
              + "\r\n"
              + RunningProxy.VERSION
              + "\r\nEND\r\n",
          v);
      assertTrue(c.until("get __mcrouter__.config\r\n", "END").contains("PoolRoute|A"));
      assertTrue(c.until("get __mcrouter__.config_age\r\n", "END").startsWith("VALUE"));
      String route = c.until("get __mcrouter__.route(get,place1)\r\n", "END");
      int expected = new Ch3Hash(3).bucket("place1".getBytes(StandardCharsets.UTF_8));
      assertTrue(route.contains(servers.get(expected).address()), route);
      assertTrue(c.until("stats\r\n", "END").contains("STAT curr_connections"));
      assertTrue(c.until("stats servers\r\n", "END").contains(servers.get(0).address()));
      assertEquals("CLIENT_ERROR bad stats command", c.line("stats nonsense\r\n"));
    }
  }

  @Test
  void stripsTheRoutingPrefixForServersButEchoesTheClientsKey() throws Exception {
    try (TextClient c = new TextClient(proxy.port())) {
      assertEquals("STORED", c.line("set /././pfx 0 0 1\r\np\r\n"));
      assertEquals("VALUE /././pfx 0 1\r\np\r\nEND\r\n", c.until("get /././pfx\r\n", "END"));
      assertEquals("VALUE pfx 0 1\r\np\r\nEND\r\n", c.until("get pfx\r\n", "END"));
      String unknown = c.line("set /no/such/k 0 0 1\r\nx\r\n");
      assertEquals("SERVER_ERROR No route for routing prefix", unknown);
    }
  }

  @Test
  void refusesFlushAllUnlessEnabled() throws Exception {
    try (TextClient c = new TextClient(proxy.port())) {
      assertEquals("SERVER_ERROR Command disabled", c.line("flush_all\r\n"));
    }
  }

  @Test
  void quitClosesTheConnectionAfterEarlierReplies() throws Exception {
    try (TextClient c = new TextClient(proxy.port())) {
      c.send("set q1 0 0 1\r\nv\r\nquit\r\nset q2 0 0 1\r\nv\r\n");
      assertEquals("STORED", c.readLine());
      assertTrue(c.isClosedByPeer());
    }
    try (TextClient c = new TextClient(proxy.port())) {
      assertEquals("END", c.line("get q2\r\n"), "nothing after quit is executed");
    }
  }
}
