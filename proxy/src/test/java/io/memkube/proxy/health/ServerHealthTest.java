package io.memkube.proxy.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.proxy.RunningProxy;
import io.memkube.proxy.route.Destination;
import io.memkube.proxy.testing.MemcachedProcess;
import io.memkube.proxy.testing.ProxyFixture;
import io.memkube.proxy.testing.TextClient;
import org.junit.jupiter.api.Test;

class ServerHealthTest {

  @Test
  void aKilledServerIsMarkedDownAndARestartedOneRejoins() throws Exception {
    try (MemcachedProcess m = MemcachedProcess.start();
        RunningProxy p =
            ProxyFixture.start(
                "{\"pools\": {\"A\": {\"servers\": [\""
                    + m.address()
                    + "\"]}},"
                    + " \"route\": \"PoolRoute|A\"}");
        TextClient c = new TextClient(p.port())) {
      assertEquals("STORED", c.line("set h 0 0 1\r\nx\r\n"));
      Destination d = p.state().destinations().all().iterator().next();
      assertFalse(d.health().isTko());

      m.kill();
      // the closed connection marks it down at once; gets answer misses, sets an error
      waitFor(() -> d.health().isTko());
      assertEquals("END", c.line("get h\r\n"));
      String set = c.line("set h 0 0 1\r\nx\r\n");
      assertTrue(set.startsWith("SERVER_ERROR Server unavailable"), set);
      assertTrue(c.until("stats servers\r\n", "END").contains("down"));

      m.restart();
      // probes (200 ms initial backoff in the fixture) bring it back
      waitFor(() -> !d.health().isTko());
      waitFor(() -> c.line("set h 0 0 1\r\ny\r\n").equals("STORED"));
      assertEquals("VALUE h 0 1\r\ny\r\nEND\r\n", c.until("get h\r\n", "END"));
    }
  }

  @Test
  void aServerRestartedAfterAHardTkoIsBackWithinASecondOfAcceptingConnections() throws Exception {
    // the command line's defaults: 10 s probe delay after timeouts, 200 ms after a hard TKO
    try (MemcachedProcess m = MemcachedProcess.start();
        RunningProxy p =
            ProxyFixture.start(
                "{\"pools\": {\"A\": {\"servers\": [\""
                    + m.address()
                    + "\"]}},"
                    + " \"route\": \"PoolRoute|A\"}",
                new RunningProxy.HealthSettings(3, 10_000, 60_000));
        TextClient c = new TextClient(p.port())) {
      assertEquals("STORED", c.line("set h 0 0 1\r\nx\r\n"));
      Destination d = p.state().destinations().all().iterator().next();

      m.kill();
      waitFor(() -> d.health().isTko());
      assertTrue(d.health().isHardTko(), d.health().reason());
      Thread.sleep(3000); // down long enough for the probes to back off to their cap

      m.restart(); // returns once it accepts connections
      long accepting = System.nanoTime();
      waitFor(() -> !d.health().isTko());
      long backAfter = (System.nanoTime() - accepting) / 1_000_000;
      assertTrue(backAfter < 1300, "back in the ring " + backAfter + " ms after it listened");
      assertEquals("STORED", c.line("set h 0 0 1\r\ny\r\n"));
    }
  }

  @Test
  void afterAHardTkoProbesStartShortAndStayUnderASecondForTheFirstHalfMinute() {
    ProbeSchedule s = ProbeSchedule.afterHardTko(200, 60_000);
    long first = s.nextDelayMillis();
    assertTrue(first >= 210 && first <= 300, "first " + first);
    long elapsed = first;
    while (elapsed < ProbeSchedule.FAST_WINDOW_MILLIS) {
      long d = s.nextDelayMillis();
      assertTrue(d <= ProbeSchedule.FAST_CAP_MILLIS * 3 / 2, "fast phase " + d);
      elapsed += d;
    }
    long later = 0;
    for (int i = 0; i < 20; i++) {
      later = s.nextDelayMillis();
    }
    assertTrue(later >= 60_000 * 105 / 100, "then backs off to the maximum: " + later);
  }

  @Test
  void backoffGrowsByHalfUpToTheMaximumWithJitter() {
    ProbeSchedule s = new ProbeSchedule(1000, 3000);
    long first = s.nextDelayMillis();
    assertTrue(first >= 1050 && first <= 1500, "first " + first);
    long second = s.nextDelayMillis();
    assertTrue(second >= 1575 && second <= 2250, "second " + second);
    s.nextDelayMillis();
    for (int i = 0; i < 5; i++) {
      long d = s.nextDelayMillis();
      assertTrue(d >= 3150 && d <= 4500, "capped " + d);
    }
  }

  @Test
  void consecutiveTimeoutsMakeASoftTkoAndAReplyResetsTheCount() {
    int[] downs = {0};
    TkoTracker t = new TkoTracker("s", 3, x -> downs[0]++);
    t.recordTimeout();
    t.recordTimeout();
    t.recordReply();
    t.recordTimeout();
    t.recordTimeout();
    assertFalse(t.isTko());
    t.recordTimeout();
    assertTrue(t.isTko());
    assertTrue(t.reason().startsWith("soft tko"));
    t.recordTimeout();
    assertEquals(1, downs[0]);
    t.recordProbeSuccess();
    assertFalse(t.isTko());
  }

  interface Check {
    boolean ok() throws Exception;
  }

  static void waitFor(Check check) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (check.ok()) {
        return;
      }
      Thread.sleep(50);
    }
    assertTrue(check.ok(), "condition not met within 10 s");
  }
}
