package io.memkube.cacheserver.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code mk_scan} names every live key once, page by page, with the seconds it has left, and leaves
 * out what expired or was deleted: what a proxy needs to move a leaving server's keys.
 */
class KeyScanTest {
  private static InProcessServer server;

  @BeforeAll
  static void start() throws Exception {
    server = InProcessServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void pagesThroughEveryLiveKeyWithItsTimeLeft() throws Exception {
    try (WireClient w = new WireClient(server.port)) {
      StringBuilder sets = new StringBuilder();
      for (int i = 0; i < 3000; i++) {
        sets.append("set scan-").append(i).append(" 0 ").append(i % 2 == 0 ? "0" : "500");
        sets.append(" 1 noreply\r\nx\r\n");
      }
      sets.append("delete scan-7 noreply\r\nset gone 0 -1 1 noreply\r\nx\r\nmn\r\n");
      w.send(sets.toString());
      w.readText("MN\r\n");

      Map<String, Integer> seen = new HashMap<>();
      String cursor = "0";
      int pages = 0;
      do {
        w.send("mk_scan " + cursor + " 500\r\n");
        String reply = w.readText("\r\n");
        while (!reply.contains("SCAN ")) {
          reply += w.readText("\r\n");
        }
        for (String line : reply.split("\r\n")) {
          String[] f = line.split(" ");
          if (f[0].equals("KEY")) {
            assertEquals(null, seen.put(f[1], Integer.parseInt(f[2])), "named once: " + f[1]);
          } else {
            assertEquals("SCAN", f[0], line);
            cursor = f[1];
          }
        }
        pages++;
      } while (!cursor.equals("0"));

      assertEquals(2999, seen.size(), "every key but the deleted and the expired one");
      assertTrue(pages > 6, "paged: " + pages);
      assertEquals(-1, seen.get("scan-0"), "never expires");
      int left = seen.get("scan-1");
      assertTrue(left > 490 && left <= 500, "seconds left: " + left);
    }
  }

  @Test
  void badArgumentsAreRefusedAsMemcachedRefusesABadLine() throws Exception {
    try (WireClient w = new WireClient(server.port)) {
      w.send("mk_scan x 10\r\n");
      assertEquals("CLIENT_ERROR bad command line format\r\n", w.readText("\r\n"));
      w.send("mk_scan 0\r\n");
      assertEquals("ERROR\r\n", w.readText("\r\n"));
    }
  }
}
