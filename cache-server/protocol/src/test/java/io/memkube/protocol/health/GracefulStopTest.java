package io.memkube.protocol.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GracefulStopTest {

  @Test
  void theDrainLastsItsPeriodWhileConnectionsStayOpen() {
    AtomicInteger stops = new AtomicInteger();
    Duration drained =
        new GracefulStop(
                "test",
                null,
                Duration.ofMillis(400),
                GracefulStop.of(() -> 2, stops::incrementAndGet))
            .run();
    assertTrue(drained.toMillis() >= 400, "drained " + drained);
    assertEquals(1, stops.get());
  }

  @Test
  void theDrainEndsOnceTheLastConnectionHasClosed() {
    AtomicInteger open = new AtomicInteger(1);
    Thread closer =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    Thread.sleep(100);
                  } catch (InterruptedException e) {
                    return;
                  }
                  open.set(0);
                });
    Duration drained =
        new GracefulStop("test", null, Duration.ofSeconds(30), GracefulStop.of(open::get, () -> {}))
            .run();
    assertTrue(drained.toMillis() >= 100 && drained.toMillis() < 5000, "drained " + drained);
    assertTrue(closer.isAlive() || open.get() == 0);
  }
}
