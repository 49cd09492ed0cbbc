package io.memkube.e2e.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.e2e.ring.RingEvent.ConfigChanged;
import io.memkube.e2e.ring.RingEvent.PodChanged;
import io.memkube.e2e.ring.RingEvent.StatefulSetScaled;
import io.memkube.e2e.ring.RingTimeline.State;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RingTimelineTest {

  private static final State THREE_SERVERS = new State(10, Set.of(0, 1, 2), Set.of(0, 1, 2), 3);

  @Test
  void scaleUpThatAddsServersOnceTheirPodsAreReadyIsSafe() {
    RingTimeline timeline =
        RingTimeline.replay(
            THREE_SERVERS,
            List.of(
                new StatefulSetScaled(11, 5),
                new PodChanged(12, 3, false, false),
                new PodChanged(13, 4, false, false),
                new PodChanged(14, 3, true, false),
                new PodChanged(15, 4, true, false),
                new ConfigChanged(16, Set.of(0, 1, 2, 3, 4))));

    assertEquals(List.of(), timeline.violations());
    assertEquals(Set.of(0, 1, 2, 3, 4), timeline.last().configServers());
  }

  @Test
  void serverAddedBeforeItsPodIsReadyIsReported() {
    RingTimeline timeline =
        RingTimeline.replay(
            THREE_SERVERS,
            List.of(
                new StatefulSetScaled(11, 4),
                new PodChanged(12, 3, false, false),
                new ConfigChanged(13, Set.of(0, 1, 2, 3)),
                new PodChanged(14, 3, true, false)));

    assertEquals(1, timeline.violations().size());
    assertTrue(timeline.violations().getFirst().contains("server 3 entered the proxy config"));
  }

  @Test
  void scaleDownThatShrinksTheStatefulSetAfterTheConfigIsSafe() {
    State five = new State(20, Set.of(0, 1, 2, 3, 4), Set.of(0, 1, 2, 3, 4), 5);
    RingTimeline timeline =
        RingTimeline.replay(
            five,
            List.of(
                new ConfigChanged(21, Set.of(0, 1)),
                new StatefulSetScaled(22, 2),
                new PodChanged(23, 4, false, true),
                new PodChanged(24, 3, false, true),
                new PodChanged(25, 2, false, true)));

    assertEquals(List.of(), timeline.violations());
  }

  @Test
  void statefulSetShrunkWhileTheConfigStillListsItsPodsIsReported() {
    State five = new State(20, Set.of(0, 1, 2, 3, 4), Set.of(0, 1, 2, 3, 4), 5);
    RingTimeline timeline =
        RingTimeline.replay(
            five, List.of(new StatefulSetScaled(21, 2), new ConfigChanged(22, Set.of(0, 1))));

    assertEquals(3, timeline.violations().size(), timeline.describe());
  }

  @Test
  void eventsAreReplayedInCommitOrderWhateverOrderTheWatchesDeliveredThem() {
    RingTimeline timeline =
        RingTimeline.replay(
            THREE_SERVERS,
            List.of(
                new ConfigChanged(16, Set.of(0, 1, 2, 3)),
                new PodChanged(14, 3, true, false),
                new StatefulSetScaled(11, 4)));

    assertEquals(List.of(), timeline.violations());
    assertEquals(
        List.of(10L, 11L, 14L, 16L),
        timeline.states().stream().map(State::resourceVersion).toList());
  }

  @Test
  void rollingReplacementOnePodAtATimeHasOneUnavailable() {
    RingTimeline timeline =
        RingTimeline.replay(
            THREE_SERVERS,
            List.of(
                new PodChanged(11, 2, false, true),
                new PodChanged(12, 2, true, false),
                new PodChanged(13, 1, false, true),
                new PodChanged(14, 1, true, false)));

    assertEquals(1, timeline.maxUnavailable(3));
  }

  @Test
  void podsReplacedTogetherAreCounted() {
    RingTimeline timeline =
        RingTimeline.replay(
            THREE_SERVERS,
            List.of(
                new PodChanged(11, 2, false, true),
                new PodChanged(12, 1, false, true),
                new PodChanged(13, 2, true, false),
                new PodChanged(14, 1, true, false)));

    assertEquals(2, timeline.maxUnavailable(3));
  }
}
