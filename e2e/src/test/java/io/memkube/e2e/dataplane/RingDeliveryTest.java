package io.memkube.e2e.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memkube.e2e.dataplane.RingDelivery.Delivery;
import io.memkube.e2e.dataplane.RingDelivery.Report;
import io.memkube.e2e.dataplane.RingDelivery.Write;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RingDeliveryTest {

  private static final Instant T0 = Instant.parse("2026-12-03T18:00:00Z");

  private static Instant at(long millis) {
    return T0.plusMillis(millis);
  }

  @Test
  void aConfigIsDeliveredWhenEveryNodesProxyReportsIt() {
    List<Write> writes = List.of(new Write(10, at(0), "a"), new Write(20, at(1000), "b"));
    List<Report> reports =
        List.of(
            new Report(11, at(300), Map.of("n1", "a", "n2", "a")),
            new Report(21, at(1400), Map.of("n1", "b", "n2", "a")),
            new Report(22, at(2700), Map.of("n1", "b", "n2", "b")));
    List<Delivery> d = RingDelivery.deliveries(writes, reports, Set.of("n1", "n2"));
    assertEquals(Optional.of(Duration.ofMillis(300)), d.get(0).reportedAfter());
    assertEquals(Optional.of(Duration.ofMillis(1700)), d.get(1).reportedAfter());
  }

  @Test
  void aReportOfTheSameConfigFromBeforeTheWriteDoesNotCount() {
    // 3 servers (a), 4 (b), back to 3 (a again): the proxies' old "a" is not the new write
    List<Write> writes =
        List.of(
            new Write(10, at(0), "a"), new Write(20, at(1000), "b"), new Write(30, at(2000), "a"));
    List<Report> reports =
        List.of(
            new Report(11, at(100), Map.of("n1", "a")),
            new Report(21, at(1200), Map.of("n1", "b")),
            new Report(31, at(2500), Map.of("n1", "a")));
    List<Delivery> d = RingDelivery.deliveries(writes, reports, Set.of("n1"));
    assertEquals(Optional.of(Duration.ofMillis(200)), d.get(1).reportedAfter());
    assertEquals(Optional.of(Duration.ofMillis(500)), d.get(2).reportedAfter());
  }

  @Test
  void aProxyThatSkippedToALaterConfigDeliveredTheEarlierOne() {
    List<Write> writes = List.of(new Write(10, at(0), "a"), new Write(12, at(50), "b"));
    List<Report> reports = List.of(new Report(13, at(800), Map.of("n1", "b")));
    List<Delivery> d = RingDelivery.deliveries(writes, reports, Set.of("n1"));
    assertEquals(Optional.of(Duration.ofMillis(800)), d.get(0).reportedAfter());
    assertEquals(Optional.of(Duration.ofMillis(750)), d.get(1).reportedAfter());
  }

  @Test
  void aNodeThatNeverReportsLeavesTheConfigUndelivered() {
    List<Write> writes = List.of(new Write(10, at(0), "a"));
    List<Report> reports = List.of(new Report(11, at(100), Map.of("n1", "a")));
    List<Delivery> d = RingDelivery.deliveries(writes, reports, Set.of("n1", "n2"));
    assertEquals(Optional.empty(), d.get(0).reported());
  }

  @Test
  void aProxyRunsAConfigFromTheFirstPollThatAnswersItsDigest() {
    List<Write> writes =
        List.of(
            new Write(10, at(0), "a"), new Write(20, at(1000), "b"), new Write(30, at(2000), "a"));
    List<Report> polls =
        List.of(
            new Report(0, at(-500), Map.of("n1", "a")),
            new Report(0, at(1300), Map.of("n1", "b")),
            new Report(0, at(2100), Map.of("n1", "a")));
    List<Optional<Instant>> running = RingDelivery.answered(writes, polls, Set.of("n1"));
    // "a" was answered before the first write was seen: it runs it from then
    assertEquals(
        List.of(Optional.of(at(0)), Optional.of(at(1300)), Optional.of(at(2100))), running);
  }

  @Test
  void aProxyThatLoadedTheConfigBeforeTheTestSawTheWriteRunsItAtOnce() {
    List<Write> writes = List.of(new Write(10, at(0), "a"), new Write(20, at(1000), "b"));
    List<Report> polls =
        List.of(
            new Report(0, at(-500), Map.of("n1", "a")), new Report(0, at(990), Map.of("n1", "b")));
    assertEquals(
        List.of(Optional.of(at(0)), Optional.of(at(1000))),
        RingDelivery.answered(writes, polls, Set.of("n1")));
  }

  @Test
  void aProxyStillOnTheOldConfigHasNotRunTheNewOne() {
    List<Write> writes = List.of(new Write(10, at(0), "a"), new Write(20, at(1000), "b"));
    List<Report> polls = List.of(new Report(0, at(-500), Map.of("n1", "a")));
    assertEquals(Optional.empty(), RingDelivery.answered(writes, polls, Set.of("n1")).get(1));
  }
}
