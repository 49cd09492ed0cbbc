package io.memkube.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.proxy.configmodel.parse.LoaderOptions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A config that gives a place back to a server this proxy has marked down (the operator's roll: the
 * restarted server's pod is Ready, but the proxy has not re-admitted it yet) waits until the server
 * answers, so the stand-in keeps serving its keys instead of sets failing; then it runs and the
 * proxy reports it.
 */
class NewOwnerReadmissionTest {

  @Test
  void aPlaceGoesBackToAServerOnlyOnceItAnswersAgain() throws Exception {
    DestinationRegistry registry = DestinationRegistry.forValidation();
    ConfigLoader loader = new ConfigLoader(LoaderOptions.defaults(), registry);
    String pool = "{\"pools\": {\"A\": {\"servers\": [%s]}}, \"route\": \"PoolRoute|A\"}";
    LoadedConfig standIn = loader.load(pool.formatted("\"s0:1\", \"s2:1\", \"s2:1\""), "t");
    LoadedConfig normal = loader.load(pool.formatted("\"s0:1\", \"s1:1\", \"s2:1\""), "t");
    var s1 = normal.pools().get("A").servers().get(1).health();
    s1.recordConnectError("connection refused"); // it stopped while s2 stood in

    AtomicReference<LoadedConfig> running = new AtomicReference<>(standIn);
    CountDownLatch reported = new CountDownLatch(1);
    try (RingChangeWarmUp warmUp = new RingChangeWarmUp(60, standIn, running::set);
        LeavingServerMover mover = new LeavingServerMover(() -> null)) {
      warmUp.moveKeysOfLeavingServers(mover);
      warmUp.loaded(normal, reported::countDown);
      Thread.sleep(300);
      assertEquals(standIn.md5(), running.get().md5(), "s1 is still marked down");
      assertEquals(1, reported.getCount());

      s1.recordProbeSuccess();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (!running.get().md5().equals(normal.md5())) {
        assertTrue(System.nanoTime() < deadline, "the config runs once s1 answers");
        Thread.sleep(10);
      }
      // s2 loses the place: its keys move (here it cannot be reached, so nothing moves), then
      // the proxy reports.
      assertTrue(reported.await(15, TimeUnit.SECONDS));
    }
  }
}
