package io.memkube.proxy.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.proxy.RunningProxy;
import io.memkube.proxy.route.Destination;
import io.memkube.proxy.testing.ProxyFixture;
import io.memkube.proxy.testing.ScriptedServer;
import io.memkube.proxy.testing.TextClient;
import org.junit.jupiter.api.Test;

/** Per-request timeouts (500 ms here), tombstones, and soft TKO. */
class TimeoutTest {

  private static RunningProxy proxyFor(ScriptedServer s) throws Exception {
    return ProxyFixture.start(
        "{\"pools\": {\"A\": {\"servers\": [\""
            + s.address()
            + "\"]}}, \"route\": \"PoolRoute|A\"}");
  }

  @Test
  void aLateReplyIsDroppedAndTheNextRequestGetsItsOwn() throws Exception {
    try (ScriptedServer s = new ScriptedServer(3000);
        RunningProxy p = proxyFor(s);
        TextClient c = new TextClient(p.port())) {
      long t0 = System.nanoTime();
      assertEquals("END", c.line("get slow1\r\n")); // timed out: a miss
      long waited = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(
          waited < 2500, "answered at the timeout, not with the late reply: " + waited + " ms");
      Thread.sleep(3000 - waited + 200); // the late reply arrives and is dropped
      assertEquals("VALUE fast 0 4\r\nfast\r\nEND\r\n", c.until("get fast\r\n", "END"));
      Destination d = p.state().destinations().all().iterator().next();
      assertFalse(d.health().isTko());
      assertEquals(0, d.health().consecutiveTimeouts());
    }
  }

  @Test
  void aReplyStillArrivingIsNotTimedOutHoweverLongItTakes() throws Exception {
    // 20 bytes 100 ms apart: 2 s in all, twice the server timeout, never silent for 1 s
    try (ScriptedServer s = new ScriptedServer(1000);
        RunningProxy p = proxyFor(s);
        TextClient c = new TextClient(p.port())) {
      assertEquals(
          "VALUE trickle1 0 20\r\n" + "t".repeat(20) + "\r\nEND\r\n",
          c.until("get trickle1\r\n", "END"));
      Destination d = p.state().destinations().all().iterator().next();
      assertEquals(0, d.health().consecutiveTimeouts());
    }
  }

  @Test
  void consecutiveTimeoutsMarkAMuteServerDownUntilItAnswersAProbe() throws Exception {
    try (ScriptedServer s = new ScriptedServer(0);
        RunningProxy p = proxyFor(s);
        TextClient c = new TextClient(p.port())) {
      assertEquals("VALUE k 0 1\r\nk\r\nEND\r\n", c.until("get k\r\n", "END"));
      s.mute(true);
      Destination d = p.state().destinations().all().iterator().next();
      for (int i = 0; i < 3; i++) {
        assertEquals("END", c.line("get k" + i + "\r\n"));
      }
      assertTrue(d.health().isTko(), "soft TKO after 3 timeouts");
      int seen = s.requests.get();
      for (int i = 0; i < 5; i++) {
        assertEquals("END", c.line("get k\r\n"));
      }
      // at most a probe's version reached the server: the gets were answered without it
      assertTrue(s.requests.get() - seen <= 1, "requests are not sent to a down server");
      s.mute(false);
      ServerHealthTest.waitFor(() -> !d.health().isTko());
      // the connection whose replies were lost was dropped: new requests are answered again
      assertEquals("VALUE back 0 4\r\nback\r\nEND\r\n", c.until("get back\r\n", "END"));
    }
  }
}
