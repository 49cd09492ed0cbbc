package io.memkube.proxy.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.protocol.metrics.PrometheusTextParser;
import io.memkube.proxy.RunningProxy;
import io.memkube.proxy.config.ConfigSource;
import io.memkube.proxy.configmodel.parse.LoaderOptions;
import io.memkube.proxy.pool.ConnectionLimits;
import io.memkube.proxy.state.ProxyOptions;
import io.memkube.proxy.testing.ConnectionThreads;
import io.memkube.proxy.testing.MemcachedProcess;
import io.memkube.proxy.testing.ProxyProcess;
import io.memkube.proxy.testing.TextClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reliable delete stream against a real memcached frozen with SIGSTOP: deletes it cannot take
 * are spooled and answered NOT_FOUND, delivered by the proxy once it answers again (before it takes
 * traffic), across a proxy restart, within the spool's bound.
 */
class DeleteStreamTest {
  private static final long SERVER_TIMEOUT_MILLIS = 300;

  @TempDir Path spoolDir;
  MemcachedProcess memcached;

  @BeforeEach
  void startServer() throws Exception {
    memcached = MemcachedProcess.start();
  }

  @AfterEach
  void stopServer() throws Exception {
    memcached.resume();
    memcached.close();
  }

  private RunningProxy proxy(String route, RunningProxy.DeleteStream stream) throws Exception {
    return proxy(memcached.address(), route, stream);
  }

  private RunningProxy proxy(String server, String route, RunningProxy.DeleteStream stream)
      throws Exception {
    String config =
        """
        {"pools": {"A": {"servers": ["%s"]}}, "route": %s}
        """
            .formatted(server, route);
    return RunningProxy.start(
        new ConfigSource.Inline(config),
        new LoaderOptions(SERVER_TIMEOUT_MILLIS, "/././", false, Map.of(), 1),
        new ProxyOptions(1024, false, true, new ConnectionLimits(10_000, 100_000, 300, 60_000)),
        new RunningProxy.HealthSettings(3, 200, 1000),
        2,
        List.of(new InetSocketAddress("127.0.0.1", 0)),
        0,
        0,
        stream,
        null);
  }

  private RunningProxy proxy(long maxBytes) throws Exception {
    return proxy("\"PoolRoute|A\"", new RunningProxy.DeleteStream(spoolDir, maxBytes));
  }

  private void setDirectly(int from, int to) throws Exception {
    try (TextClient direct = new TextClient(memcached.port())) {
      for (int i = from; i < to; i++) {
        assertEquals("STORED", direct.line("set key-" + i + " 0 0 1\r\nv\r\n"));
      }
    }
  }

  private static boolean presentDirectly(TextClient direct, int i) throws Exception {
    return direct.until("get key-" + i + "\r\n", "END").startsWith("VALUE");
  }

  private static long stat(RunningProxy p, String name) throws Exception {
    try (TextClient c = new TextClient(p.port())) {
      for (String l : c.until("stats\r\n", "END").split("\r\n")) {
        if (l.startsWith("STAT " + name + " ")) {
          return Long.parseLong(l.substring(("STAT " + name + " ").length()));
        }
      }
    }
    throw new AssertionError("no stat " + name);
  }

  private static void await(BooleanSupplier condition, String what) throws Exception {
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  private static BooleanSupplier statIs(RunningProxy p, String name, long value) {
    return () -> {
      try {
        return stat(p, name) == value;
      } catch (Exception e) {
        return false;
      }
    };
  }

  @Test
  void deletesAStoppedServerCannotTakeAreSpooledAnsweredNotFoundAndDeliveredWhenItResumes()
      throws Exception {
    setDirectly(0, 20);
    try (RunningProxy p = proxy(RunningProxy.DeleteStream.DEFAULT_MAX_BYTES);
        TextClient c = new TextClient(p.port())) {
      memcached.pause();
      for (int i = 0; i < 20; i++) {
        assertEquals("NOT_FOUND", c.line("delete key-" + i + "\r\n"), "delete key-" + i);
      }
      assertEquals(20, stat(p, "asynclog_pending"));
      // Out of the ring while it owes deletes: a get is a miss, never the old value.
      assertEquals("END\r\n", c.until("get key-3\r\n", "END"));
      memcached.resume();
      await(statIs(p, "asynclog_pending", 0), "the spool to drain");
      await(statIs(p, "num_servers_down", 0), "the server to be back");
      assertEquals(20, stat(p, "asynclog_delivered"));
      // /metrics says the same as stats
      var metrics = PrometheusTextParser.parse(p.metrics().scrape(true));
      assertEquals(20, PrometheusTextParser.value(metrics, "memkube_proxy_asynclog_spooled_total"));
      assertEquals(
          20, PrometheusTextParser.value(metrics, "memkube_proxy_asynclog_delivered_total"));
      assertEquals(0, PrometheusTextParser.value(metrics, "memkube_proxy_asynclog_pending"));
      try (TextClient direct = new TextClient(memcached.port())) {
        for (int i = 0; i < 20; i++) {
          assertTrue(!presentDirectly(direct, i), "key-" + i + " was deleted on the server");
        }
      }
      // Back in service: writes and reads go through again.
      assertEquals("STORED", c.line("set key-0 0 0 1\r\nw\r\n"));
      assertEquals("VALUE key-0 0 1\r\nw\r\nEND\r\n", c.until("get key-0\r\n", "END"));
      assertEquals("DELETED", c.line("delete key-0\r\n"));
    }
  }

  @Test
  void spooledDeletesSurviveAProxyRestartAndAreDeliveredByTheNextProxy() throws Exception {
    setDirectly(0, 10);
    try (RunningProxy p = proxy(RunningProxy.DeleteStream.DEFAULT_MAX_BYTES);
        TextClient c = new TextClient(p.port())) {
      memcached.pause();
      for (int i = 0; i < 10; i++) {
        assertEquals("NOT_FOUND", c.line("delete key-" + i + "\r\n"));
      }
    }
    memcached.resume();
    try (TextClient direct = new TextClient(memcached.port())) {
      // (key-0's delete timed out on the wire: memcached runs it when it resumes; the others
      // were never sent, the server being down by then)
      assertTrue(presentDirectly(direct, 9), "nobody has delivered the later deletes yet");
    }
    try (RunningProxy next = proxy(RunningProxy.DeleteStream.DEFAULT_MAX_BYTES);
        TextClient c = new TextClient(next.port())) {
      // The restarted proxy keeps the server out until it delivered what the spool holds.
      assertEquals("END\r\n", c.until("get key-5\r\n", "END"));
      await(statIs(next, "asynclog_pending", 0), "the spool to drain");
      await(statIs(next, "num_servers_down", 0), "the server to be back");
      try (TextClient direct = new TextClient(memcached.port())) {
        for (int i = 0; i < 10; i++) {
          assertTrue(!presentDirectly(direct, i), "key-" + i + " was deleted by the next proxy");
        }
      }
    }
  }

  // the next proxy only has to run: it delivers the spool, which the test checks on the server
  @SuppressWarnings("try")
  @Test
  void deletesAnsweredBeforeTheProxyIsKilledAreDeliveredByTheNextProcess() throws Exception {
    setDirectly(0, 10);
    String config =
        """
        {"pools": {"A": {"servers": ["%s"]}}, "route": "PoolRoute|A"}
        """
            .formatted(memcached.address());
    String[] flags = {"-a", spoolDir.toString(), "--server-timeout", "300"};
    try (ProxyProcess first = ProxyProcess.start(config, flags);
        TextClient c = new TextClient(first.port())) {
      memcached.pause();
      for (int i = 0; i < 10; i++) {
        assertEquals("NOT_FOUND", c.line("delete key-" + i + "\r\n"));
      }
      // SIGKILL right after the last answer: only what was fsynced before it survives
      first.kill();
    }
    memcached.resume();
    try (ProxyProcess next = ProxyProcess.start(config, flags)) {
      await(
          () -> {
            try (TextClient direct = new TextClient(memcached.port())) {
              for (int i = 1; i < 10; i++) {
                if (presentDirectly(direct, i)) {
                  return false;
                }
              }
              return true;
            } catch (Exception e) {
              return false;
            }
          },
          "the next proxy process to deliver the spooled deletes");
    }
  }

  @Test
  void overItsBoundTheSpoolDropsTheOldestDeletesCountsThemAndKeepsTheNewest() throws Exception {
    int n = 300;
    setDirectly(0, n);
    try (RunningProxy p = proxy(1024);
        TextClient c = new TextClient(p.port())) {
      memcached.pause();
      // The first delete times out on the wire and takes the server out; the rest are never sent.
      assertEquals("NOT_FOUND", c.line("delete key-0\r\n"));
      StringBuilder pipeline = new StringBuilder();
      for (int i = 1; i < n; i++) {
        pipeline.append("delete key-").append(i).append("\r\n");
      }
      c.send(pipeline.toString());
      for (int i = 1; i < n; i++) {
        assertEquals("NOT_FOUND", c.readLine());
      }
      long dropped = stat(p, "asynclog_dropped");
      long pending = stat(p, "asynclog_pending");
      assertEquals(n, dropped + pending);
      assertTrue(dropped > 0, "some deletes were dropped");
      assertTrue(stat(p, "asynclog_bytes") <= 1024, "the spool stays within its bound");
      memcached.resume();
      await(statIs(p, "asynclog_pending", 0), "the spool to drain");
      try (TextClient direct = new TextClient(memcached.port())) {
        assertTrue(!presentDirectly(direct, n - 1), "the newest delete was kept and delivered");
        assertTrue(presentDirectly(direct, 1), "an old delete was dropped: the price of the bound");
      }
    }
  }

  @Test
  void withTheDeleteStreamOffAFailedDeleteIsAnsweredWithItsError() throws Exception {
    setDirectly(0, 1);
    try (RunningProxy p = proxy("\"PoolRoute|A\"", null);
        TextClient c = new TextClient(p.port())) {
      memcached.pause();
      assertTrue(c.line("delete key-0\r\n").startsWith("SERVER_ERROR"));
    }
  }

  @Test
  void aPoolRouteWithAsynclogFalseDoesNotSpoolButAnAsynclogRouteAroundServersDoes()
      throws Exception {
    setDirectly(0, 2);
    memcached.pause();
    String noLog = "{\"type\": \"PoolRoute\", \"pool\": \"A\", \"asynclog\": false}";
    try (RunningProxy p =
            proxy(noLog, new RunningProxy.DeleteStream(spoolDir.resolve("a"), 1 << 20));
        TextClient c = new TextClient(p.port())) {
      assertTrue(c.line("delete key-0\r\n").startsWith("SERVER_ERROR"));
      assertEquals(0, stat(p, "asynclog_pending"));
    }
    String logged =
        "{\"type\": \"AsynclogRoute\", \"name\": \"servers\", \"target\": \"AllSyncRoute|Pool|A\"}";
    try (RunningProxy p =
            proxy(logged, new RunningProxy.DeleteStream(spoolDir.resolve("b"), 1 << 20));
        TextClient c = new TextClient(p.port())) {
      assertEquals("NOT_FOUND", c.line("delete key-0\r\n"));
      assertEquals("NF", c.line("md key-1\r\n"));
      assertEquals(2, stat(p, "asynclog_pending"));
    }
  }

  @Test
  void deletesToAServerThatIsNotListeningAreSpooledAnsweredNotFoundAndDeliveredOnceItListens()
      throws Exception {
    memcached.kill();
    try (RunningProxy p = proxy(RunningProxy.DeleteStream.DEFAULT_MAX_BYTES);
        TextClient c = new TextClient(p.port())) {
      // the first is refused at connect, the others find the server down
      for (int i = 0; i < 5; i++) {
        assertEquals("NOT_FOUND", c.line("delete key-" + i + "\r\n"), "delete key-" + i);
      }
      assertEquals(5, stat(p, "asynclog_pending"));
      assertEquals(1, stat(p, "num_servers_down"));
      memcached.restart();
      await(statIs(p, "asynclog_pending", 0), "the spool to drain");
      await(statIs(p, "num_servers_down", 0), "the server to be back");
      assertEquals(5, stat(p, "asynclog_delivered"));
      try (TextClient direct = new TextClient(memcached.port())) {
        // the restarted memcached saw exactly the five spooled deletes (of keys it never had)
        assertTrue(
            direct.until("stats\r\n", "END").contains("STAT delete_misses 5\r\n"),
            "memcached's delete_misses");
      }
    }
  }

  /**
   * A memcached stand-in on a real socket: answers {@code version}, holds keys it answers {@code
   * get} with, and answers {@code delete} with {@code SERVER_ERROR} (the key stays) while it
   * refuses.
   */
  private static final class RefusingServer implements AutoCloseable {
    final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    final Set<String> keys = ConcurrentHashMap.newKeySet();
    final AtomicInteger deletes = new AtomicInteger();
    volatile boolean refusing = true;

    RefusingServer() throws IOException {
      ConnectionThreads.serveLines(socket, "refusing-server", this::answer);
    }

    String address() {
      return "127.0.0.1:" + socket.getLocalPort();
    }

    private void answer(String line, OutputStream out) throws IOException {
      String[] w = line.trim().split(" ");
      String reply;
      if (w[0].equals("version")) {
        reply = "VERSION refusing\r\n";
      } else if (w[0].equals("delete") && w.length == 2) {
        deletes.incrementAndGet();
        if (refusing) {
          reply = "SERVER_ERROR out of memory\r\n";
        } else {
          reply = keys.remove(w[1]) ? "DELETED\r\n" : "NOT_FOUND\r\n";
        }
      } else if (w[0].equals("get")) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i < w.length; i++) {
          if (keys.contains(w[i])) {
            b.append("VALUE ").append(w[i]).append(" 0 3\r\nold\r\n");
          }
        }
        reply = b.append("END\r\n").toString();
      } else {
        reply = "ERROR\r\n";
      }
      out.write(reply.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  @Test
  void aDeleteAnsweredServerErrorIsSpooledAndSentAgainUntilTakenSoTheOldValueNeverComesBack()
      throws Exception {
    try (RefusingServer server = new RefusingServer();
        RunningProxy p =
            proxy(
                server.address(),
                "\"PoolRoute|A\"",
                new RunningProxy.DeleteStream(
                    spoolDir, RunningProxy.DeleteStream.DEFAULT_MAX_BYTES));
        TextClient c = new TextClient(p.port())) {
      server.keys.add("stale");
      assertEquals("VALUE stale 0 3\r\nold\r\nEND\r\n", c.until("get stale\r\n", "END"));
      assertEquals("NOT_FOUND", c.line("delete stale\r\n"), "spooled, answered as mcrouter does");
      assertEquals(1, stat(p, "asynclog_pending"));
      // The prober delivers it again and again, and the server keeps refusing: the delete stays
      // spooled and the server out, so the value the refused delete left is never read.
      for (int i = 0; i < 10; i++) {
        assertEquals("END\r\n", c.until("get stale\r\n", "END"), "read " + i);
        Thread.sleep(150);
      }
      await(() -> server.deletes.get() >= 3, "the spooled delete to be sent again");
      assertEquals(1, stat(p, "asynclog_pending"));
      assertEquals(1, stat(p, "num_servers_down"));
      assertEquals(0, stat(p, "asynclog_delivered"));
      assertEquals(0, stat(p, "asynclog_delivery_errors"));
      assertTrue(stat(p, "asynclog_delivery_retries") >= 2, "counted as retries");
      server.refusing = false;
      await(statIs(p, "asynclog_pending", 0), "the spool to drain");
      await(statIs(p, "num_servers_down", 0), "the server to be back");
      assertEquals(1, stat(p, "asynclog_delivered"));
      assertTrue(!server.keys.contains("stale"), "the delete reached the server");
      assertEquals("END\r\n", c.until("get stale\r\n", "END"));
    }
  }
}
