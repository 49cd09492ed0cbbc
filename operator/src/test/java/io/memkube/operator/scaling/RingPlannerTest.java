package io.memkube.operator.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

class RingPlannerTest {

  private static final Duration GRACE = Duration.ofSeconds(90);
  private static final Instant T0 = Instant.parse("2026-11-28T06:00:00Z");
  private final RingPlanner planner = new RingPlanner(GRACE);

  private static IntPredicate ready(Integer... ordinals) {
    return Set.of(ordinals)::contains;
  }

  @Test
  void newClusterListsEveryServerAtOnce() {
    RingPlan plan = planner.plan("c", 3, null, null, ready(), 1, T0);
    assertEquals(3, plan.statefulSetReplicas());
    assertEquals(RingState.of(3), plan.ring());
    assertEquals(ScalingStep.Stable, plan.step());
  }

  @Test
  void scaleUpGrowsTheStatefulSetFirstAndAddsServersOnlyWhenReady() {
    RingPlan first = planner.plan("c", 5, 3, RingState.of(3), ready(0, 1, 2), 1, T0);
    assertEquals(5, first.statefulSetReplicas());
    assertEquals(3, first.ring().size(), "pods 3 and 4 are not Ready yet");
    assertEquals(ScalingStep.WaitingForNewServers, first.step());
    assertTrue(first.message().contains("c-3"), first.message());

    RingPlan second = planner.plan("c", 5, 5, first.ring(), ready(0, 1, 2, 4), 1, T0);
    assertEquals(3, second.ring().size(), "pod 4 is Ready but 3 is not: the list stays a prefix");

    RingPlan third = planner.plan("c", 5, 5, second.ring(), ready(0, 1, 2, 3), 1, T0);
    assertEquals(4, third.ring().size());

    RingPlan done = planner.plan("c", 5, 5, third.ring(), ready(0, 1, 2, 3, 4), 1, T0);
    assertEquals(5, done.ring().size());
    assertEquals(ScalingStep.Stable, done.step());
  }

  @Test
  void scaleDownShrinksTheConfigurationFirstAndTheStatefulSetAfterTheGracePeriod() {
    RingPlan first = planner.plan("c", 3, 5, RingState.of(5), ready(0, 1, 2, 3, 4), 1, T0);
    assertEquals(3, first.ring().size(), "servers leave the proxy configuration first");
    assertEquals(5, first.statefulSetReplicas(), "their pods keep running meanwhile");
    assertEquals(ScalingStep.DrainingRemovedServers, first.step());
    assertEquals(GRACE, first.requeueAfter());
    assertTrue(first.message().contains("c-3..c-4"), first.message());

    Instant halfway = T0.plusSeconds(45);
    RingPlan waiting = planner.plan("c", 3, 5, first.ring(), ready(0, 1, 2, 3, 4), 1, halfway);
    assertEquals(5, waiting.statefulSetReplicas());
    assertEquals(first.ring(), waiting.ring(), "the shrink time is kept, not renewed");
    assertEquals(Duration.ofSeconds(45), waiting.requeueAfter());

    Instant after = T0.plus(GRACE);
    RingPlan done = planner.plan("c", 3, 5, waiting.ring(), ready(0, 1, 2, 3, 4), 1, after);
    assertEquals(3, done.statefulSetReplicas());
    assertEquals(RingState.of(3), done.ring(), "the drain is over: its annotations go");
    assertEquals(ScalingStep.Stable, done.step());
    assertNull(done.requeueAfter());
  }

  private static final Duration WARM_UP = Duration.ofSeconds(30);
  private final RingPlanner reporting = new RingPlanner(GRACE, WARM_UP);

  /** Proxies on nodes a, b, c that run the config of a ring of {@code size} servers. */
  private static Function<RingState, ProxyAgreement> running(int size, String... behind) {
    return s ->
        new ProxyAgreement(
            true, 3, s.size() == size ? List.of(behind) : List.of("a", "b", "c"), List.of());
  }

  private RingPlan planReporting(
      String name,
      int desired,
      Integer sts,
      RingState ring,
      IntPredicate ready,
      int groupSize,
      Instant now,
      Function<RingState, ProxyAgreement> agreement) {
    return reporting.plan(name, desired, sts, ring, ready, groupSize, now, agreement, null);
  }

  @Test
  void scaleDownShrinksOnceEveryProxyRunsTheNewRingAndItsWarmUpIsOver() {
    RingPlan first =
        planReporting("c", 3, 4, RingState.of(4), ready(0, 1, 2, 3), 1, T0, running(4));
    assertEquals(4, first.statefulSetReplicas());
    assertEquals(ScalingStep.DrainingRemovedServers, first.step());
    assertTrue(first.message().contains("0 of 3 proxies run it"), first.message());

    RingPlan moving =
        planReporting(
            "c", 3, 4, first.ring(), ready(0, 1, 2, 3), 1, T0.plusSeconds(2), running(3, "b"));
    assertEquals(4, moving.statefulSetReplicas(), "the proxy on b still sends keys to c-3");
    assertTrue(moving.message().contains("still on an older one: b"), moving.message());

    RingPlan warm =
        planReporting("c", 3, 4, first.ring(), ready(0, 1, 2, 3), 1, T0.plusSeconds(3), running(3));
    assertEquals(4, warm.statefulSetReplicas(), "c-3 stays the warm source of the warm-up");
    assertEquals(Duration.ofSeconds(27), warm.requeueAfter());
    assertTrue(warm.message().contains("warm source"), warm.message());

    RingPlan done =
        planReporting("c", 3, 4, first.ring(), ready(0, 1, 2, 3), 1, T0.plus(WARM_UP), running(3));
    assertEquals(3, done.statefulSetReplicas(), "60 s before the grace period would end");
    assertEquals(RingState.of(3), done.ring());
    assertEquals(ScalingStep.Stable, done.step());
    assertTrue(done.message().contains("which every proxy runs"), done.message());
  }

  @Test
  void aProxyThatNeverMovesHoldsTheShrinkOnlyUntilTheGracePeriodEnds() {
    RingPlan first =
        planReporting("c", 3, 4, RingState.of(4), ready(0, 1, 2, 3), 1, T0, running(4));
    RingPlan late =
        planReporting(
            "c", 3, 4, first.ring(), ready(0, 1, 2, 3), 1, T0.plus(GRACE), running(3, "b"));
    assertEquals(3, late.statefulSetReplicas());
    assertEquals(ScalingStep.ProxiesReloading, late.step(), "the change is not done");
    assertTrue(late.message().contains("still on an older one: b"), late.message());
  }

  @Test
  void aRingChangeIsDoneOnlyWhenEveryProxyReportsIt() {
    RingPlan grown =
        planReporting("c", 4, 4, RingState.of(3), ready(0, 1, 2, 3), 1, T0, running(3));
    assertEquals(4, grown.ring().size());
    assertEquals(ScalingStep.ProxiesReloading, grown.step());
    assertTrue(grown.message().contains("0 of 3 proxies run it"), grown.message());
    RingPlan done = planReporting("c", 4, 4, grown.ring(), ready(0, 1, 2, 3), 1, T0, running(4));
    assertEquals(ScalingStep.Stable, done.step());
  }

  @Test
  void proxiesThatNeverReportedAreNamedButHoldOnlyAShrinkUntilTheGracePeriodEnds() {
    Function<RingState, ProxyAgreement> silent =
        size -> new ProxyAgreement(true, 2, List.of(), List.of("kwok-1"));
    RingPlan stable = planReporting("c", 3, 3, RingState.of(3), ready(0, 1, 2), 1, T0, silent);
    assertEquals(ScalingStep.Stable, stable.step());
    assertTrue(stable.message().contains("not reporting: kwok-1"), stable.message());
    RingPlan down =
        planReporting("c", 2, 3, RingState.of(3), ready(0, 1, 2), 1, T0.plus(WARM_UP), silent);
    assertEquals(3, down.statefulSetReplicas());
    RingPlan late =
        planReporting(
            "c", 2, 3, down.ring(), ready(0, 1, 2), 1, T0.plus(WARM_UP).plus(GRACE), silent);
    assertEquals(2, late.statefulSetReplicas());
  }

  @Test
  void podsThatNeverJoinedTheRingMayGoAtOnce() {
    // Scaled 3 -> 5, pods 3 and 4 never got Ready, then back to 3: nothing to drain.
    RingPlan plan = planner.plan("c", 3, 5, RingState.of(3), ready(0, 1, 2), 1, T0);
    assertEquals(3, plan.statefulSetReplicas());
    assertEquals(ScalingStep.Stable, plan.step());
  }

  @Test
  void scalingBackUpDuringADrainReusesTheDrainingServers() {
    RingPlan down = planner.plan("c", 3, 5, RingState.of(5), ready(0, 1, 2, 3, 4), 1, T0);
    RingPlan up = planner.plan("c", 5, 5, down.ring(), ready(0, 1, 2, 3, 4), 1, T0.plusSeconds(10));
    assertEquals(RingState.of(5), up.ring());
    assertEquals(5, up.statefulSetReplicas());
    assertEquals(ScalingStep.Stable, up.step());
  }

  @Test
  void replicatedRingsGrowByWholeGroups() {
    RingPlan plan = planner.plan("c", 6, 4, RingState.of(4), ready(0, 1, 2, 3, 4), 2, T0);
    assertEquals(4, plan.ring().size(), "pod 5 is not Ready: the group 4+5 waits");
    RingPlan next = planner.plan("c", 6, 6, plan.ring(), ready(0, 1, 2, 3, 4, 5), 2, T0);
    assertEquals(6, next.ring().size());
  }

  @Test
  void existingClusterGainingAProxyStartsWithItsReadyServers() {
    RingPlan plan = planner.plan("c", 3, 3, null, ready(0, 1), 1, T0);
    assertEquals(2, plan.ring().size());
    assertEquals(ScalingStep.WaitingForNewServers, plan.step());
  }

  @Test
  void withoutProxyTheStatefulSetFollowsTheSpecAtOnce() {
    RingPlan plan = RingPlanner.withoutProxy(7);
    assertEquals(7, plan.statefulSetReplicas());
    assertNull(plan.ring());
  }

  @Test
  void ringStateRoundTripsThroughAnnotationsAndIgnoresGarbage() {
    RingState state = new RingState(3, 5, T0);
    assertEquals(state, RingState.fromAnnotations(state.toAnnotations()));
    assertEquals(RingState.of(4), RingState.fromAnnotations(RingState.of(4).toAnnotations()));
    assertNull(RingState.fromAnnotations(java.util.Map.of(RingState.SIZE, "three")));
    assertNull(RingState.fromAnnotations(null));
  }
}
