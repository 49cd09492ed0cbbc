package io.memkube.cacheserver.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code SIGHUP} re-reads the {@code -Y} file, in Debian's memcached and in memkube (real
 * processes, real signals): new entries admit, removed ones no longer do, a connection already in
 * stays in, and a malformed file keeps the previous entries rather than locking everyone out.
 */
class AuthFileReloadTest {
  @TempDir Path dir;

  @Test
  void sighupRereadsTheAuthFileAndKeepsTheOldOneWhenTheNewIsMalformed() throws Exception {
    Path file = dir.resolve("authfile");
    Files.writeString(file, "old:secret\n");
    try (MemcachedProcess memcached = MemcachedProcess.start("-Y", file.toString());
        ServerProcess ours = ServerProcess.start(16, "-Y", file.toString())) {
      int[] ports = {memcached.port, ours.port};
      long[] pids = {memcached.pid(), ours.pid()};
      for (int port : ports) {
        assertEquals("STORED\r\n", login(port, "old secret"));
        assertEquals("CLIENT_ERROR authentication failure\r\n", login(port, "new secret"));
      }
      WireClient[] in = {loggedIn(memcached.port), loggedIn(ours.port)};
      try {
        Files.writeString(file, "new:secret\n");
        hangup(pids);
        for (int port : ports) {
          // memcached re-reads on its next clock tick, so both get a few seconds
          assertTrue(eventually(p -> login(p, "new secret").equals("STORED\r\n"), port));
          assertEquals("CLIENT_ERROR authentication failure\r\n", login(port, "old secret"));
        }
        for (WireClient w : in) {
          w.send("mn\r\n");
          assertEquals("MN\r\n", w.readText("\r\n"), "a connection that was in stays in");
        }
      } finally {
        for (WireClient w : in) {
          w.close();
        }
      }
      Files.writeString(file, "no colon here\n");
      hangup(pids);
      Thread.sleep(2500); // memcached's next tick has come and gone
      for (int port : ports) {
        assertEquals("STORED\r\n", login(port, "new secret"), "the entries in force stay");
      }
      assertTrue(memcached.alive() && ours.alive());
    }
  }

  private static void hangup(long[] pids) throws IOException, InterruptedException {
    for (long pid : pids) {
      Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(pid)).start();
      assertEquals(0, kill.waitFor());
    }
  }

  private static boolean eventually(IntPredicate check, int port) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (check.test(port)) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  private static WireClient loggedIn(int port) throws IOException {
    WireClient w = new WireClient(port);
    w.send("set x 0 0 10\r\nold secret\r\n");
    assertEquals("STORED\r\n", w.readText("\r\n"));
    return w;
  }

  private static String login(int port, String userAndPassword) {
    try (WireClient w = new WireClient(port)) {
      w.send("set x 0 0 " + userAndPassword.length() + "\r\n" + userAndPassword + "\r\n");
      return w.readText("\r\n");
    } catch (IOException e) {
      return e.toString();
    }
  }
}
