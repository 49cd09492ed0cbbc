package io.memkube.operator.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.function.IntPredicate;

/**
 * Ring-safe scaling. Growing: the StatefulSet grows first and a server joins the proxy
 * configuration only once its pod is Ready (and every lower ordinal is in, so the list stays a
 * prefix and Ch3 moves no key between old servers). Shrinking: servers leave the proxy
 * configuration first, and the StatefulSet shrinks only after a grace period in which every proxy
 * has picked up the new configuration, so no proxy sends a key to a pod that is gone.
 */
public final class RingPlanner {

  private final Duration grace;

  public RingPlanner(Duration grace) {
    this.grace = grace;
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
   */
  public RingPlan plan(
      String name,
      int desired,
      Integer currentStatefulSetReplicas,
      RingState current,
      IntPredicate podReady,
      int groupSize,
      Instant now) {
    RingState ring =
        nextRing(desired, currentStatefulSetReplicas, current, podReady, groupSize, now);
    int statefulSetReplicas = desired;
    boolean draining = ring.draining(now, grace);
    if (draining && currentStatefulSetReplicas != null) {
      statefulSetReplicas =
          Math.max(desired, Math.min(currentStatefulSetReplicas, ring.drainingFrom()));
    }
    if (draining && statefulSetReplicas > desired) {
      Duration left = Duration.between(now, ring.shrunkAt().plus(grace));
      return new RingPlan(
          statefulSetReplicas,
          ring,
          ScalingStep.DrainingRemovedServers,
          String.format(
              "%s removed from the proxy configuration; the StatefulSet shrinks to %d in %ds,"
                  + " once every proxy has reloaded",
              range(name, desired, statefulSetReplicas), desired, Math.max(1, left.toSeconds())),
          left.isNegative() || left.isZero() ? Duration.ofSeconds(1) : left);
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
    return new RingPlan(
        statefulSetReplicas,
        ring,
        ScalingStep.Stable,
        String.format("%d servers, all in the proxy configuration", desired),
        null);
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
