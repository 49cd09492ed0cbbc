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
 */
public record RingPlan(
    int statefulSetReplicas,
    RingState ring,
    ScalingStep step,
    String message,
    Duration requeueAfter) {}
