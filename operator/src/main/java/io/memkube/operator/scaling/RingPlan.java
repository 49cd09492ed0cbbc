package io.memkube.operator.scaling;

import java.time.Duration;

/**
 * One reconciliation's scaling decision.
 *
 * @param statefulSetReplicas replicas to apply to the StatefulSet
 * @param ring the proxy configuration's servers (null when the proxy is disabled)
 * @param step where scaling stands
 * @param message what is happening, for the condition and the Event
 * @param requeueAfter when to look again without any event (null: on events only)
 * @param partition the StatefulSet's rolling-update partition: 0 lets its controller roll every
 *     pod; the operator's own roll holds pods at or above their number back until it restarts them
 *     itself, one at a time
 */
public record RingPlan(
    int statefulSetReplicas,
    RingState ring,
    ScalingStep step,
    String message,
    Duration requeueAfter,
    int partition) {

  public RingPlan(
      int statefulSetReplicas,
      RingState ring,
      ScalingStep step,
      String message,
      Duration requeueAfter) {
    this(statefulSetReplicas, ring, step, message, requeueAfter, 0);
  }

  /** This plan with the operator's roll deciding the partition, step and message. */
  public RingPlan rolling(
      RingState ring, ScalingStep step, String message, Duration requeueAfter, int partition) {
    return new RingPlan(statefulSetReplicas, ring, step, message, requeueAfter, partition);
  }
}
