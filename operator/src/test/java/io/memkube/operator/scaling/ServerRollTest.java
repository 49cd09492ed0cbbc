package io.memkube.operator.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The operator's roll: one server at a time, its place (and keys) given to the next server while it
 * restarts, each step only once every proxy reports the configuration it needs.
 */
class ServerRollTest {
  private static final Instant T0 = Instant.parse("2026-12-03T09:00:00Z");
  private static final Duration MIN_READY = Duration.ofSeconds(10);
  private final RingPlanner planner = new RingPlanner(Duration.ofSeconds(90), Duration.ZERO);

  private final Map<Integer, String> revisions = new HashMap<>(Map.of(0, "a", 1, "a", 2, "a"));
  private final Map<Integer, Instant> readySince =
      new HashMap<>(
          Map.of(0, T0.minusSeconds(600), 1, T0.minusSeconds(600), 2, T0.minusSeconds(600)));

  private final ServerRoll.PodRevisions pods =
      new ServerRoll.PodRevisions() {
        @Override
        public String revision(int ordinal) {
          return revisions.get(ordinal);
        }

        @Override
        public Instant readySince(int ordinal) {
          return readySince.get(ordinal);
        }
      };

  /** Every proxy runs the configuration of {@code ring}, and only that one. */
  private static Function<RingState, ProxyAgreement> running(RingState ring) {
    return r ->
        new ProxyAgreement(true, 1, sameConfig(r, ring) ? List.of() : List.of("node-a"), List.of());
  }

  /** Whether two ring states give the same proxy configuration (when a step began aside). */
  private static boolean sameConfig(RingState a, RingState b) {
    return a.size() == b.size() && java.util.Objects.equals(a.restarting(), b.restarting());
  }

  private RingPlan plan(RingState ring, Function<RingState, ProxyAgreement> proxies, Instant now) {
    return planner.plan(
        "c",
        3,
        3,
        ring,
        Set.of(0, 1, 2)::contains,
        1,
        now,
        proxies,
        new ServerRoll.Input("b", pods, MIN_READY));
  }

  @Test
  void eachServerRestartsWhileTheNextHoldsItsPlaceAndComesBackOnceReady() {
    RingState all = RingState.of(3);
    RingPlan first = plan(all, running(all), T0);
    assertEquals(2, first.ring().restarting(), "highest ordinal first");
    assertEquals(3, first.partition(), "no pod goes before the proxies moved its keys");
    assertEquals(ScalingStep.RollingOut, first.step());
    assertTrue(first.message().contains("c-2's place goes to c-0"), first.message());

    RingPlan moving = plan(first.ring(), running(all), T0);
    assertEquals(3, moving.partition(), "a proxy still sends c-2's keys to c-2");

    RingPlan restart = plan(first.ring(), running(first.ring()), T0);
    assertEquals(2, restart.partition(), "the controller replaces c-2 now");

    revisions.put(2, "b");
    readySince.put(2, T0.minusSeconds(4));
    RingPlan starting = plan(first.ring(), running(first.ring()), T0);
    assertEquals(2, starting.ring().restarting());
    assertEquals(Duration.ofSeconds(6), starting.requeueAfter(), "Ready for 10 s first");

    RingPlan back = plan(first.ring(), running(first.ring()), T0.plusSeconds(6));
    assertNull(back.ring().restarting(), "c-2 gets its place back");
    assertEquals(2, back.partition());

    RingPlan waiting = plan(back.ring(), running(first.ring()), T0.plusSeconds(7));
    assertNull(waiting.ring().restarting(), "the keys move back before the next server goes");
    assertEquals(ScalingStep.RollingOut, waiting.step());

    RingPlan second = plan(back.ring(), running(all), T0.plusSeconds(8));
    assertEquals(1, second.ring().restarting());

    revisions.put(1, "b");
    revisions.put(0, "b");
    RingPlan done = plan(all, running(all), T0.plusSeconds(60));
    assertEquals(ScalingStep.Stable, done.step());
    assertEquals(3, done.partition(), "pods stay held back for the next change");
  }

  @Test
  void proxiesThatDoNotAllReportLeaveTheRollToTheStatefulSetController() {
    RingState all = RingState.of(3);
    RingPlan plan =
        plan(all, r -> new ProxyAgreement(true, 2, List.of(), List.of("kwok-node")), T0);
    assertEquals(0, plan.partition());
    assertNull(plan.ring().restarting());
  }

  @Test
  void aProxyThatStaysBehindHoldsTheRollForTheGracePeriodOnlyAndIsNamed() {
    RingState all = RingState.of(3);
    RingPlan first = plan(all, running(all), T0);
    assertEquals(2, first.ring().restarting());
    assertEquals(T0, first.ring().rollStepSince(), "the step's start is kept (an annotation)");

    // node-a never takes the configuration that gives c-2's place to c-0
    Function<RingState, ProxyAgreement> stuck = running(all);
    RingPlan held = plan(first.ring(), stuck, T0.plusSeconds(30));
    assertEquals(3, held.partition(), "still waiting");
    assertTrue(held.message().contains("node-a"), held.message());
    assertTrue(held.message().contains("at most 60s more"), held.message());
    assertEquals(Duration.ofSeconds(60), held.requeueAfter());

    RingPlan on = plan(first.ring(), stuck, T0.plusSeconds(90));
    assertEquals(2, on.partition(), "after the grace the controller replaces c-2 anyway");
    assertTrue(on.message().contains("went on after waiting 90s"), on.message());
    assertTrue(on.message().contains("node-a"), on.message());

    // and the wait before the next server is bounded the same way, from c-2's return
    revisions.put(2, "b");
    readySince.put(2, T0.plusSeconds(100));
    RingPlan back = plan(first.ring(), stuck, T0.plusSeconds(120));
    assertNull(back.ring().restarting());
    Function<RingState, ProxyAgreement> stuckOnStandIn = running(first.ring());
    RingPlan waiting = plan(back.ring(), stuckOnStandIn, T0.plusSeconds(150));
    assertNull(waiting.ring().restarting(), "waits for node-a");
    RingPlan next = plan(back.ring(), stuckOnStandIn, T0.plusSeconds(210));
    assertEquals(1, next.ring().restarting(), "then goes on to c-1");
  }
}
