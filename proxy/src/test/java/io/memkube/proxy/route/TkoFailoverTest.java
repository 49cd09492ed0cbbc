package io.memkube.proxy.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.proxy.RunningProxy;
import io.memkube.proxy.config.ConfigSource;
import io.memkube.proxy.configmodel.parse.LoaderOptions;
import io.memkube.proxy.pool.ConnectionLimits;
import io.memkube.proxy.state.ProxyOptions;
import io.memkube.proxy.testing.MemcachedProcess;
import io.memkube.proxy.testing.TextClient;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --tko-failover-exptime-seconds} against real memcached processes: a server killed with
 * SIGKILL or frozen with SIGSTOP hands its keys to the next server at once, so requests keep
 * succeeding; what was written meanwhile expires there, and the server forgets it before it takes
 * traffic again.
 */
class TkoFailoverTest {
  private static final long SERVER_TIMEOUT_MILLIS = 300;
  private static final long FAILOVER_EXPTIME = 10;

  @TempDir Path spoolDir;
  private final List<MemcachedProcess> servers = new ArrayList<>();

  @BeforeEach
  void startServers() throws Exception {
    for (int i = 0; i < 3; i++) {
      servers.add(MemcachedProcess.start());
    }
  }

  @AfterEach
  void stopServers() throws Exception {
    for (MemcachedProcess m : servers) {
      m.close(); // SIGKILL: a frozen one too
    }
  }

  private RunningProxy proxy(long failoverExptime) throws Exception {
    String list = String.join(", ", servers.stream().map(m -> "\"" + m.address() + "\"").toList());
    return RunningProxy.start(
        new ConfigSource.Inline(
            "{\"pools\": {\"A\": {\"servers\": [" + list + "]}}, \"route\": \"PoolRoute|A\"}"),
        new LoaderOptions(SERVER_TIMEOUT_MILLIS, "/././", false, Map.of(), 1)
            .withTkoFailover(failoverExptime),
        new ProxyOptions(1024, false, true, new ConnectionLimits(10_000, 100_000, 300, 60_000)),
        new RunningProxy.HealthSettings(3, 200, 1000),
        2,
        List.of(new InetSocketAddress("127.0.0.1", 0)),
        0,
        0,
        new RunningProxy.DeleteStream(spoolDir, RunningProxy.DeleteStream.DEFAULT_MAX_BYTES),
        null);
  }

  /** The index of the running server that holds {@code key} (read directly), or -1. */
  private int holder(String key) throws Exception {
    for (int i = 0; i < servers.size(); i++) {
      try (TextClient direct = new TextClient(servers.get(i).port())) {
        if (direct.until("get " + key + "\r\n", "END").startsWith("VALUE")) {
          return i;
        }
      } catch (java.net.ConnectException killed) {
        // not running
      }
    }
    return -1;
  }

  @Test
  void requestsOfAKilledServerGoToTheNextServerAtOnceWithAShortExpiry() throws Exception {
    try (RunningProxy p = proxy(FAILOVER_EXPTIME);
        TextClient c = new TextClient(p.port())) {
      for (int i = 0; i < 60; i++) {
        assertEquals("STORED", c.line("set k" + i + " 0 0 1\r\nv\r\n"));
      }
      int victim = holder("k0");
      servers.get(victim).kill();
      // no pause: the first requests meet the connection the kill closed
      for (int i = 0; i < 60; i++) {
        assertEquals("STORED", c.line("set k" + i + " 0 0 1\r\nw\r\n"), "k" + i);
        assertEquals("VALUE k" + i + " 0 1\r\nw\r\nEND\r\n", c.until("get k" + i + "\r\n", "END"));
      }
      int standIn = holder("k0");
      assertEquals((victim + 1) % 3, standIn, "the next server took its keys");
      try (TextClient direct = new TextClient(servers.get(standIn).port())) {
        String ttl = direct.line("mg k0 t\r\n");
        assertTrue(ttl.startsWith("HD t"), ttl);
        long left = Long.parseLong(ttl.substring("HD t".length()).trim());
        assertTrue(
            left > 0 && left <= FAILOVER_EXPTIME, "expires within the failover exptime: " + ttl);
      }
    }
  }

  @Test
  void aFrozenServerComesBackWithoutTheValuesThatChangedWhileItWasOut() throws Exception {
    try (RunningProxy p = proxy(FAILOVER_EXPTIME);
        TextClient c = new TextClient(p.port())) {
      assertEquals("STORED", c.line("set k 0 0 3\r\nold\r\n"));
      int victim = holder("k");
      Destination d =
          p.state().destinations().all().stream()
              .filter(x -> x.address().port() == servers.get(victim).port())
              .findFirst()
              .orElseThrow();
      servers.get(victim).pause();
      // timeouts until it is out (a timed-out request is not failed over: it may have landed)
      await(
          () -> {
            try {
              c.line("get k\r\n");
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
            return d.health().isTko();
          },
          "a soft TKO");
      assertEquals("STORED", c.line("set k 0 0 3\r\nnew\r\n"));
      assertEquals("VALUE k 0 3\r\nnew\r\nEND\r\n", c.until("get k\r\n", "END"));

      servers.get(victim).resume();
      await(() -> !d.health().isTko(), "the server back");
      // its old value was deleted (the spooled delete) before it took traffic again
      assertEquals("END\r\n", c.until("get k\r\n", "END"));
    }
  }

  @Test
  void withoutTheFlagADownServersSetsFailAsInMcrouter() throws Exception {
    try (RunningProxy p = proxy(0);
        TextClient c = new TextClient(p.port())) {
      assertEquals("STORED", c.line("set k 0 0 1\r\nv\r\n"));
      servers.get(holder("k")).kill();
      c.line("set k 0 0 1\r\nv\r\n"); // meets the closed connection
      String set = c.line("set k 0 0 1\r\nv\r\n");
      assertTrue(set.startsWith("SERVER_ERROR"), set);
    }
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
}
