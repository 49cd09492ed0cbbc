package io.memkube.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.proxy.RunningProxy;
import io.memkube.proxy.hash.Ch3Hash;
import io.memkube.proxy.testing.MemcachedProcess;
import io.memkube.proxy.testing.ProxyFixture;
import io.memkube.proxy.testing.TextClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Growing a Ch3 pool by appending a server moves only about 1/n of the keys, and a WarmUpRoute from
 * the old ring to the new one serves those keys without a single miss while it fills the new
 * server: the scale-up the operator performs.
 */
class ScaleUpWithWarmUpTest {
  private static final int KEYS = 300;

  private static String pool(List<MemcachedProcess> servers, int n) {
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      addresses.add("\"" + servers.get(i).address() + "\"");
    }
    return "{\"servers\": [" + String.join(", ", addresses) + "]}";
  }

  private static void reload(RunningProxy proxy, Path file, String json) throws Exception {
    String before = proxy.state().config().md5();
    Files.writeString(file, json);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (proxy.state().config().md5().equals(before)) {
      assertTrue(System.nanoTime() < deadline, "config not reloaded");
      Thread.sleep(20);
    }
  }

  @Test
  void appendingAServerBehindAWarmUpRouteLosesNoHit(@TempDir Path dir) throws Exception {
    List<MemcachedProcess> servers = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        servers.add(MemcachedProcess.start());
      }
      Path file = dir.resolve("config.json");
      Files.writeString(
          file, "{\"pools\": {\"old\": " + pool(servers, 3) + "}, \"route\": \"PoolRoute|old\"}");
      try (RunningProxy proxy = ProxyFixture.startWatching(file);
          TextClient c = new TextClient(proxy.port())) {
        for (int i = 0; i < KEYS; i++) {
          assertEquals("STORED", c.line("set grow" + i + " 0 0 1\r\nv\r\n"));
        }
        int moved = 0;
        for (int i = 0; i < KEYS; i++) {
          byte[] key = ("grow" + i).getBytes(StandardCharsets.UTF_8);
          if (new Ch3Hash(4).bucket(key) != new Ch3Hash(3).bucket(key)) {
            assertEquals(3, new Ch3Hash(4).bucket(key), "keys only move to the new server");
            moved++;
          }
        }
        assertTrue(moved > KEYS / 8 && moved < KEYS / 3, "about a quarter move: " + moved);

        reload(
            proxy,
            file,
            "{\"pools\": {\"old\": "
                + pool(servers, 3)
                + ", \"new\": "
                + pool(servers, 4)
                + "}, \"route\": {\"type\": \"WarmUpRoute\", \"cold\": \"PoolRoute|new\","
                + " \"warm\": \"PoolRoute|old\", \"exptime\": 3600}}");
        for (int i = 0; i < KEYS; i++) {
          assertEquals(
              "VALUE grow" + i + " 0 1\r\nv\r\nEND\r\n", c.until("get grow" + i + "\r\n", "END"));
        }

        reload(
            proxy,
            file,
            "{\"pools\": {\"new\": " + pool(servers, 4) + "}, \"route\": \"PoolRoute|new\"}");
        for (int i = 0; i < KEYS; i++) {
          assertEquals(
              "VALUE grow" + i + " 0 1\r\nv\r\nEND\r\n",
              c.until("get grow" + i + "\r\n", "END"),
              "filled into the new server during warm-up");
        }
      }
    } finally {
      for (MemcachedProcess m : servers) {
        m.close();
      }
    }
  }
}
