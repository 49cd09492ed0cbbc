package io.memkube.proxy.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.proxy.RunningProxy;
import io.memkube.proxy.hash.Ch3Hash;
import io.memkube.proxy.pool.ConnectionLimits;
import io.memkube.proxy.state.ProxyOptions;
import io.memkube.proxy.testing.FreePorts;
import io.memkube.proxy.testing.MemcachedProcess;
import io.memkube.proxy.testing.ProxyFixture;
import io.memkube.proxy.testing.ScriptedServer;
import io.memkube.proxy.testing.TextClient;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Flags that change what the proxy answers: flush policy, get errors, and request limits. */
class LimitsAndPoliciesTest {

  private static String pool(String... servers) {
    return "{\"pools\": {\"A\": {\"servers\": [\""
        + String.join("\", \"", servers)
        + "\"]}},"
        + " \"route\": \"PoolRoute|A\"}";
  }

  @Test
  void flushAllWhenEnabledReachesEveryServer() throws Exception {
    try (MemcachedProcess a = MemcachedProcess.start();
        MemcachedProcess b = MemcachedProcess.start();
        RunningProxy p =
            ProxyFixture.start(
                pool(a.address(), b.address()),
                new ProxyOptions(1024, true, true, ConnectionLimits.defaults()));
        TextClient c = new TextClient(p.port())) {
      for (int i = 0; i < 20; i++) {
        assertEquals("STORED", c.line("set f" + i + " 0 0 1\r\nv\r\n"));
      }
      assertEquals("OK", c.line("flush_all\r\n"));
      for (MemcachedProcess m : new MemcachedProcess[] {a, b}) {
        try (TextClient d = new TextClient(m.port())) {
          assertTrue(d.line("stats\r\n").startsWith("STAT"));
          String items = d.readUntil("END");
          assertTrue(items.contains("STAT cmd_flush 1"), items);
        }
      }
      for (int i = 0; i < 20; i++) {
        assertEquals("END", c.line("get f" + i + "\r\n"));
      }
    }
  }

  @Test
  void getErrorsAreErrorsWhenMissesOnErrorsAreDisabled() throws Exception {
    String dead = "127.0.0.1:" + FreePorts.next();
    try (RunningProxy p =
            ProxyFixture.start(
                pool(dead), new ProxyOptions(1024, false, false, ConnectionLimits.defaults()));
        TextClient c = new TextClient(p.port())) {
      String reply = c.line("get k\r\n");
      assertTrue(reply.startsWith("SERVER_ERROR"), reply);
      assertTrue(c.line("mg k v\r\n").startsWith("SERVER_ERROR"));
    }
  }

  @Test
  void aMultiGetWithAFailedKeyWritesItsHitsThenTheErrorInPlaceOfEndAsMcrouter() throws Exception {
    String dead = "127.0.0.1:" + FreePorts.next();
    try (MemcachedProcess live = MemcachedProcess.start()) {
      String json = pool(live.address(), dead);
      String onLive = keyOn(0);
      String onDead = keyOn(1);
      try (TextClient m = new TextClient(live.port())) {
        assertEquals("STORED", m.line("set " + onLive + " 0 0 2\r\nhi\r\n"));
      }
      String get = "get " + onLive + " " + onDead + " " + onLive + "\r\n";
      try (RunningProxy p =
              ProxyFixture.start(
                  json, new ProxyOptions(1024, false, false, ConnectionLimits.defaults()));
          TextClient c = new TextClient(p.port())) {
        String hit = "VALUE " + onLive + " 0 2\r\nhi\r\n";
        String reply = c.until(get, "SERVER_ERROR");
        assertTrue(reply.startsWith(hit + hit + "SERVER_ERROR Server unavailable"), reply);
      }
      // with mcrouter's default (miss_on_get_errors) the failed key is a miss
      try (RunningProxy p = ProxyFixture.start(json);
          TextClient c = new TextClient(p.port())) {
        String hit = "VALUE " + onLive + " 0 2\r\nhi\r\n";
        assertEquals(hit + hit + "END\r\n", c.until(get, "END"));
      }
    }
  }

  /** A key that Ch3 places on server {@code index} of two. */
  private static String keyOn(int index) {
    Ch3Hash ch3 = new Ch3Hash(2);
    for (int i = 0; ; i++) {
      String key = "mixed" + i;
      if (ch3.bucket(key.getBytes(StandardCharsets.UTF_8)) == index) {
        return key;
      }
    }
  }

  @Test
  void requestsBeyondThePendingLimitOfASlowServerFailFast() throws Exception {
    try (ScriptedServer s = new ScriptedServer(0);
        RunningProxy p =
            ProxyFixture.start(
                pool(s.address()),
                new ProxyOptions(1024, false, false, new ConnectionLimits(2, 3, 500, 60_000)));
        TextClient c = new TextClient(p.port())) {
      s.mute(true);
      StringBuilder burst = new StringBuilder();
      for (int i = 0; i < 10; i++) {
        burst.append("get k").append(i).append("\r\n");
      }
      c.send(burst.toString());
      int busy = 0;
      int timeouts = 0;
      for (int i = 0; i < 10; i++) {
        String line = c.readLine();
        if (line.equals("SERVER_ERROR Server busy: too many pending requests")) {
          busy++;
        } else if (line.equals("SERVER_ERROR Server timeout")) {
          timeouts++;
        } else {
          throw new AssertionError("unexpected " + line);
        }
      }
      assertEquals(7, busy, "only 3 may wait for a server that does not answer");
      assertEquals(3, timeouts);
    }
  }

  @Test
  void aClientPipeliningFarBeyondItsOutstandingLimitGetsEveryReplyInOrder() throws Exception {
    try (MemcachedProcess m = MemcachedProcess.start();
        RunningProxy p =
            ProxyFixture.start(
                pool(m.address()), new ProxyOptions(8, false, true, ConnectionLimits.defaults()));
        TextClient c = new TextClient(p.port())) {
      StringBuilder burst = new StringBuilder();
      for (int i = 0; i < 3000; i++) {
        burst.append("set bp").append(i).append(" 0 0 ").append(Integer.toString(i).length());
        burst.append("\r\n").append(i).append("\r\n");
        burst.append("get bp").append(i).append("\r\n");
      }
      c.send(burst.toString());
      for (int i = 0; i < 3000; i++) {
        assertEquals("STORED", c.readLine());
        assertEquals("VALUE bp" + i + " 0 " + Integer.toString(i).length(), c.readLine());
        assertEquals(Integer.toString(i), c.readLine());
        assertEquals("END", c.readLine());
      }
    }
  }
}
