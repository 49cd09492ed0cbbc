package io.memkube.operator.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * Ring-safe scaling. Growing: the StatefulSet grows first and a server joins the proxy
 * configuration only once its pod is Ready (and every lower ordinal is in, so the list stays a
 * prefix and Ch3 moves no key between old servers). Shrinking: servers leave the proxy
 * configuration first, and the StatefulSet shrinks only once every proxy reports running the new
 * configuration and the proxies' ring-change warm-up is over (the leaving servers are their warm
 * source until then), or after the grace period at the latest, so no proxy sends a key to a pod
 * that is gone. A change is done ({@link ScalingStep#Stable}) only when every proxy reports it.
 */
public final class RingPlanner {

  private final Duration grace;
  private final Duration warmUp;

  /**
   * @param grace the longest wait before the StatefulSet shrinks (the whole wait when the proxies
   *     do not report)
   * @param warmUp the proxies' ring-change warm-up: leaving servers stay at least this long
   */
  public RingPlanner(Duration grace, Duration warmUp) {
    this.grace = grace;
    this.warmUp = warmUp;
  }

  /** A planner for proxies without a warm-up. */
  public RingPlanner(Duration grace) {
    this(grace, Duration.ZERO);
  }

  /**
   * {@link #plan(String, int, Integer, RingState, IntPredicate, int, Instant, Function,
   * ServerRoll.Input)} for proxies that do not report.
   */
  public RingPlan plan(
      String name,
      int desired,
      Integer currentStatefulSetReplicas,
      RingState current,
      IntPredicate podReady,
      int groupSize,
      Instant now) {
    return plan(
        name,
        desired,
        currentStatefulSetReplicas,
        current,
        podReady,
        groupSize,
        now,
        ring -> ProxyAgreement.NOT_REPORTING,
        null);
  }

  /**
   * Decides the next step.
   *
   * @param name the cluster's name, for messages
   * @param desired spec.replicas
   * @param currentStatefulSetReplicas the StatefulSet's spec.replicas, or null when it does not
   *     exist yet
   * @param current the proxy configuration's ring, or null when there is none yet
   * @param podReady whether pod {@code NAME-i} exists and is Ready
   * @param groupSize the ring grows in steps of this many servers (replica groups), 1 when sharded
   * @param now the current time
   * @param agreement which proxies run the configuration of a ring
   * @param roll what the operator's roll of the servers needs, or null when it does not roll
   */
  public RingPlan plan(
      String name,
      int desired,
      Integer currentStatefulSetReplicas,
      RingState current,
      IntPredicate podReady,
      int groupSize,
      Instant now,
      Function<RingState, ProxyAgreement> agreement,
      ServerRoll.Input roll) {
    RingPlan plan =
        scale(
            name,
            desired,
            currentStatefulSetReplicas,
            current,
            podReady,
            groupSize,
            now,
            agreement);
    RingState ring = plan.ring();
    if (!ServerRoll.applies(ring, agreement.apply(ring), roll)) {
      return plan;
    }
    boolean scaling =
        plan.step() == ScalingStep.WaitingForNewServers
            || plan.step() == ScalingStep.DrainingRemovedServers;
    if (scaling) {
      // hold every pod back: the controller must not roll them while the ring changes
      return plan.rolling(
          ring,
          plan.step(),
          plan.message(),
          plan.requeueAfter(),
          Math.max(plan.statefulSetReplicas(), ring.size()));
    }
    return ServerRoll.next(name, plan, agreement, roll, now, grace);
  }

  private RingPlan scale(
      String name,
      int desired,
      Integer currentStatefulSetReplicas,
      RingState current,
      IntPredicate podReady,
      int groupSize,
      Instant now,
      Function<RingState, ProxyAgreement> agreement) {
    RingState ring =
        nextRing(desired, currentStatefulSetReplicas, current, podReady, groupSize, now);
    ProxyAgreement proxies = agreement.apply(ring);
    int statefulSetReplicas = desired;
    boolean draining = ring.draining(now, grace) && !drained(ring, proxies, now);
    if (draining && currentStatefulSetReplicas != null) {
      statefulSetReplicas =
          Math.max(desired, Math.min(currentStatefulSetReplicas, ring.drainingFrom()));
    }
    if (draining && statefulSetReplicas > desired) {
      return drainingPlan(name, desired, statefulSetReplicas, ring, proxies, now);
    }
    if (!draining && ring.drainingFrom() != null) {
      ring = RingState.of(ring.size());
    }
    if (ring.size() < desired) {
      return new RingPlan(
          statefulSetReplicas,
          ring,
          ScalingStep.WaitingForNewServers,
          String.format(
              "waiting for pod %s-%d to be Ready before adding it to the proxy configuration"
                  + " (%d of %d servers in it)",
              name, ring.size(), ring.size(), desired),
          null);
    }
    if (!proxies.behind().isEmpty()) {
      // Events of the reports' ConfigMap bring the next reconciliation; no timer needed. A proxy
      // that has never reported (just started, or cut off from the API server) is named in the
      // message but holds nothing up here: it loaded the ConfigMap as it was when it started.
      return new RingPlan(
          statefulSetReplicas,
          ring,
          ScalingStep.ProxiesReloading,
          String.format("%d servers in the proxy configuration; %s", desired, proxies.describe()),
          null);
    }
    return new RingPlan(
        statefulSetReplicas,
        ring,
        ScalingStep.Stable,
        String.format(
            "%d servers, all in the proxy configuration%s",
            desired,
            !proxies.reporting()
                ? ""
                : proxies.confirmed() ? ", which every proxy runs" : "; " + proxies.describe()),
        null);
  }

  /**
   * Whether the servers removed by the last shrink may go before the grace period ends: every proxy
   * reports the new configuration, and the warm-up in which the proxies read misses from them is
   * over.
   */
  private boolean drained(RingState ring, ProxyAgreement proxies, Instant now) {
    return proxies.confirmed() && !now.isBefore(ring.shrunkAt().plus(warmUp));
  }

  private RingPlan drainingPlan(
      String name,
      int desired,
      int statefulSetReplicas,
      RingState ring,
      ProxyAgreement proxies,
      Instant now) {
    Duration toDeadline = Duration.between(now, ring.shrunkAt().plus(grace));
    String removed = range(name, desired, statefulSetReplicas);
    String message;
    Duration requeue;
    if (proxies.confirmed()) {
      Duration toWarm = Duration.between(now, ring.shrunkAt().plus(warmUp));
      if (toWarm.compareTo(toDeadline) > 0) {
        toWarm = toDeadline; // a warm-up longer than the grace period is cut short
      }
      message =
          String.format(
              "%s removed from the proxy configuration, which every proxy runs; kept as the"
                  + " proxies' warm source for their ring-change warm-up, the StatefulSet shrinks"
                  + " to %d in %ds",
              removed, desired, Math.max(1, toWarm.toSeconds()));
      requeue = toWarm;
    } else if (proxies.reporting()) {
      message =
          String.format(
              "%s removed from the proxy configuration; %s; the StatefulSet shrinks to %d once"
                  + " every proxy runs it (at the latest in %ds)",
              removed, proxies.describe(), desired, Math.max(1, toDeadline.toSeconds()));
      requeue = toDeadline;
    } else {
      message =
          String.format(
              "%s removed from the proxy configuration; the StatefulSet shrinks to %d in %ds,"
                  + " once every proxy has reloaded",
              removed, desired, Math.max(1, toDeadline.toSeconds()));
      requeue = toDeadline;
    }
    return new RingPlan(
        statefulSetReplicas,
        ring,
        ScalingStep.DrainingRemovedServers,
        message,
        requeue.isNegative() || requeue.isZero() ? Duration.ofSeconds(1) : requeue);
  }

  /** The plan without a proxy: the StatefulSet follows spec.replicas at once. */
  public static RingPlan withoutProxy(int desired) {
    return new RingPlan(
        desired,
        null,
        ScalingStep.Stable,
        String.format("%d servers; the proxy is disabled", desired),
        null);
  }

  private RingState nextRing(
      int desired,
      Integer currentStatefulSetReplicas,
      RingState current,
      IntPredicate podReady,
      int groupSize,
      Instant now) {
    if (current == null) {
      // A new cluster holds no data yet: list every server at once rather than let the first
      // clients see an empty configuration. A cluster that gains a proxy grows it from zero.
      if (currentStatefulSetReplicas == null) {
        return RingState.of(desired);
      }
      current = RingState.of(0);
    }
    int size = current.size();
    if (desired < size) {
      boolean stillDraining = current.draining(now, grace);
      int drainingFrom = stillDraining ? Math.max(size, current.drainingFrom()) : size;
      return new RingState(desired, drainingFrom, now);
    }
    int ready = size;
    while (ready < desired && podReady.test(ready)) {
      ready++;
    }
    int grown = size + (ready - size) / groupSize * groupSize;
    if (grown == size) {
      return current;
    }
    if (current.drainingFrom() != null && grown >= current.drainingFrom()) {
      // Scaled back up over the servers being drained: none is leaving any more.
      return RingState.of(grown);
    }
    return new RingState(grown, current.drainingFrom(), current.shrunkAt());
  }

  private static String range(String name, int from, int toExclusive) {
    return toExclusive - from == 1
        ? "server " + name + "-" + from + " was"
        : "servers " + name + "-" + from + ".." + name + "-" + (toExclusive - 1) + " were";
  }
}
