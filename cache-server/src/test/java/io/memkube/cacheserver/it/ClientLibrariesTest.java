package io.memkube.cacheserver.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.rubyeye.xmemcached.GetsResponse;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.command.TextCommandFactory;
import net.spy.memcached.CASResponse;
import net.spy.memcached.CASValue;
import net.spy.memcached.ConnectionFactoryBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The two common Java clients, over real sockets, against memkube-cache-server. */
class ClientLibrariesTest {
  private static InProcessServer server;

  @BeforeAll
  static void start() throws Exception {
    server = InProcessServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static byte[] allBytes() {
    byte[] b = new byte[512];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  @Test
  void xmemcachedStoresRetrievesAndCountsLikeMemcached() throws Exception {
    XMemcachedClientBuilder b =
        new XMemcachedClientBuilder(List.of(new InetSocketAddress("127.0.0.1", server.port)));
    b.setCommandFactory(new TextCommandFactory());
    b.setConnectTimeout(5000);
    MemcachedClient c = b.build();
    try {
      c.setOpTimeout(5000);
      assertTrue(c.set("x:str", 0, "hello"));
      assertEquals("hello", c.get("x:str"));
      byte[] binary = allBytes();
      assertTrue(c.set("x:bin", 0, binary));
      assertArrayEquals(binary, (byte[]) c.get("x:bin"));
      assertFalse(c.add("x:str", 0, "again"));
      assertTrue(c.replace("x:str", 0, "world"));
      assertTrue(c.append("x:str", "!"));
      assertTrue(c.prepend("x:str", "<"));
      assertEquals("<world!", c.get("x:str"));
      GetsResponse<String> gets = c.gets("x:str");
      assertTrue(c.cas("x:str", 0, "swapped", gets.getCas()));
      assertFalse(c.cas("x:str", 0, "stale", gets.getCas()));
      assertEquals("swapped", c.get("x:str"));
      assertEquals(10, c.incr("x:n", 5, 10));
      assertEquals(15, c.incr("x:n", 5));
      assertEquals(0, c.decr("x:n", 100));
      Map<String, Object> many = c.get(List.of("x:str", "x:n", "x:missing"));
      assertEquals(2, many.size());
      assertTrue(c.touch("x:str", 100));
      assertTrue(c.delete("x:str"));
      assertNull(c.get("x:str"));
      c.flushAll();
      assertNull(c.get("x:bin"));
      Map<InetSocketAddress, Map<String, String>> stats = c.getStats();
      Map<String, String> s = stats.values().iterator().next();
      assertEquals("67108864", s.get("limit_maxbytes"));
      assertTrue(Long.parseLong(s.get("get_hits")) >= 5);
    } finally {
      c.shutdown();
    }
  }

  @Test
  void spymemcachedStoresRetrievesAndHonoursCas() throws Exception {
    net.spy.memcached.MemcachedClient c =
        new net.spy.memcached.MemcachedClient(
            new ConnectionFactoryBuilder()
                .setProtocol(ConnectionFactoryBuilder.Protocol.TEXT)
                .setOpTimeout(5000)
                .build(),
            List.of(new InetSocketAddress("127.0.0.1", server.port)));
    try {
      assertTrue(c.set("s:str", 0, "value").get(5, TimeUnit.SECONDS));
      assertEquals("value", c.get("s:str"));
      byte[] binary = allBytes();
      assertTrue(c.set("s:bin", 0, binary).get(5, TimeUnit.SECONDS));
      assertArrayEquals(binary, (byte[]) c.get("s:bin"));
      CASValue<Object> cv = c.gets("s:str");
      assertEquals(CASResponse.OK, c.cas("s:str", cv.getCas(), "next"));
      assertEquals(CASResponse.EXISTS, c.cas("s:str", cv.getCas(), "late"));
      assertEquals(7, c.incr("s:n", 2, 7));
      assertEquals(9, c.incr("s:n", 2));
      Map<String, Object> bulk = c.getBulk("s:str", "s:n", "s:none");
      assertEquals(2, bulk.size());
      assertTrue(c.delete("s:str").get(5, TimeUnit.SECONDS));
      assertNull(c.get("s:str"));
      String big = "v".repeat(500_000);
      assertTrue(c.set("s:big", 0, big).get(5, TimeUnit.SECONDS));
      assertEquals(big, c.get("s:big"));
      assertFalse(c.getVersions().isEmpty());
    } finally {
      c.shutdown(5, TimeUnit.SECONDS);
    }
  }
}
