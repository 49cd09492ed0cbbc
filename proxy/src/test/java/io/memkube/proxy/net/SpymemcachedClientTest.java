package io.memkube.proxy.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.proxy.RunningProxy;
import io.memkube.proxy.testing.MemcachedProcess;
import io.memkube.proxy.testing.ProxyFixture;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.spy.memcached.CASResponse;
import net.spy.memcached.CASValue;
import net.spy.memcached.MemcachedClient;
import org.junit.jupiter.api.Test;

/** A real client library (spymemcached, text protocol) works through the proxy. */
class SpymemcachedClientTest {

  @Test
  void spymemcachedReadsAndWritesThroughTheProxy() throws Exception {
    try (MemcachedProcess a = MemcachedProcess.start();
        MemcachedProcess b = MemcachedProcess.start();
        RunningProxy p =
            ProxyFixture.start(
                "{\"pools\": {\"A\": {\"servers\": [\"%s\", \"%s\"]}}, \"route\": \"PoolRoute|A\"}"
                    .formatted(a.address(), b.address()))) {
      MemcachedClient client = new MemcachedClient(new InetSocketAddress("127.0.0.1", p.port()));
      try {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          keys.add("spy" + i);
          assertTrue(client.set("spy" + i, 0, "value" + i).get(5, TimeUnit.SECONDS));
        }
        assertEquals("value7", client.get("spy7"));
        Map<String, Object> bulk = client.getBulk(keys);
        assertEquals(50, bulk.size());
        assertEquals("value42", bulk.get("spy42"));
        assertEquals(-1, client.incr("counter", 1));
        assertTrue(client.add("counter", 0, "10").get(5, TimeUnit.SECONDS));
        assertEquals(15, client.incr("counter", 5));
        CASValue<Object> cas = client.gets("spy1");
        assertEquals(CASResponse.OK, client.cas("spy1", cas.getCas(), "changed"));
        assertEquals(CASResponse.EXISTS, client.cas("spy1", cas.getCas(), "again"));
        assertTrue(client.delete("spy1").get(5, TimeUnit.SECONDS));
        assertNull(client.get("spy1"));
        assertTrue(client.touch("spy2", 100).get(5, TimeUnit.SECONDS));
      } finally {
        client.shutdown(5, TimeUnit.SECONDS);
      }
    }
  }
}
