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
 * {@code --ring-change-warmup-seconds}: the operator's plain config (one pool, a server appended)
 * reloaded on real memcached servers; keys that moved still hit, keep the expiry they had, a
 * deleted key does not come back from its previous owner, and after the warm-up the new ring runs
 * alone.
 */
class RingChangeWarmUpTest {
  private static final int KEYS = 300;

  private static String config(List<MemcachedProcess> servers, int n) {
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      addresses.add("\"" + servers.get(i).address() + "\"");
    }
    return "{\"pools\": {\"cache\": {\"servers\": ["
        + String.join(", ", addresses)
        + "]}}, \"route\": \"PoolRoute|cache\"}";
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

  private static boolean moves(int i) {
    byte[] key = ("k" + i).getBytes(StandardCharsets.UTF_8);
    return new Ch3Hash(4).bucket(key) != new Ch3Hash(3).bucket(key);
  }

  @Test
  void movedKeysStillHitDeletesStickAndTheWarmUpEnds(@TempDir Path dir) throws Exception {
    List<MemcachedProcess> servers = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        servers.add(MemcachedProcess.start());
      }
      Path file = dir.resolve("config.json");
      Files.writeString(file, config(servers, 3));
      try (RunningProxy proxy = ProxyFixture.startWatching(file, 2);
          TextClient c = new TextClient(proxy.port())) {
        for (int i = 0; i < KEYS; i++) {
          assertEquals("STORED", c.line("set k" + i + " 0 0 1\r\nv\r\n"));
        }
        List<Integer> moved = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
          if (moves(i)) {
            moved.add(i);
          }
        }
        assertTrue(moved.size() > KEYS / 8, "about a quarter move: " + moved.size());

        int shortLived = moved.get(3);
        assertEquals("STORED", c.line("set k" + shortLived + " 0 3 1\r\nv\r\n"));

        reload(proxy, file, config(servers, 4));
        int deleted = moved.get(0);
        int unread = moved.get(1);
        assertEquals("DELETED", c.line("delete k" + deleted + "\r\n"));
        for (int i = 0; i < KEYS; i++) {
          if (i == deleted || i == unread) {
            continue;
          }
          assertEquals(
              "VALUE k" + i + " 0 1\r\nv\r\nEND\r\n", c.until("get k" + i + "\r\n", "END"));
        }
        assertEquals("END\r\n", c.until("get k" + deleted + "\r\n", "END"), "not resurrected");

        Thread.sleep(3000); // the warm-up is over: the key nobody read stays on its old owner
        assertEquals("END\r\n", c.until("get k" + unread + "\r\n", "END"));
        int filled = moved.get(2);
        assertEquals(
            "VALUE k" + filled + " 0 1\r\nv\r\nEND\r\n",
            c.until("get k" + filled + "\r\n", "END"),
            "read during the warm-up: filled into its new owner");
        assertEquals(
            "END\r\n",
            c.until("get k" + shortLived + "\r\n", "END"),
            "filled with the 3 s it had left, not longer");
      }
    } finally {
      servers.forEach(MemcachedProcess::close);
    }
  }
}
