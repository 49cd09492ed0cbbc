package io.memkube.operator.status;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.util.Objects;

/**
 * What the StatefulSet and DaemonSet report, read with their controllers' own bookkeeping: a status
 * only counts once it describes the current generation, and a rollout is done only when every pod
 * runs the update revision. (Fabric8's readiness helpers ignore both.)
 *
 * @param replicas cache pods that exist
 * @param readyReplicas cache pods that are ready
 * @param statefulSetSettled the StatefulSet controller has seen the current spec and finished
 *     rolling it out
 * @param proxyDesired nodes that should run a proxy
 * @param proxyReady proxy pods that are ready
 * @param proxySettled the DaemonSet controller has seen the current spec and finished rolling it
 *     out
 */
public record ObservedState(
    int replicas,
    int readyReplicas,
    boolean statefulSetSettled,
    int proxyDesired,
    int proxyReady,
    boolean proxySettled) {

  /** The observed state of a StatefulSet and DaemonSet, either of them possibly absent. */
  public static ObservedState of(StatefulSet sts, DaemonSet ds) {
    StatefulSetStatus s = sts == null ? null : sts.getStatus();
    int replicas = s == null ? 0 : zeroIfNull(s.getReplicas());
    int ready = s == null ? 0 : zeroIfNull(s.getReadyReplicas());
    boolean stsSettled =
        s != null
            && current(s.getObservedGeneration(), sts.getMetadata().getGeneration())
            && zeroIfNull(s.getUpdatedReplicas()) == zeroIfNull(sts.getSpec().getReplicas())
            && replicas == zeroIfNull(sts.getSpec().getReplicas())
            && (s.getUpdateRevision() == null
                || Objects.equals(s.getCurrentRevision(), s.getUpdateRevision()));
    DaemonSetStatus d = ds == null ? null : ds.getStatus();
    int desired = d == null ? 0 : zeroIfNull(d.getDesiredNumberScheduled());
    int proxyReady = d == null ? 0 : zeroIfNull(d.getNumberReady());
    boolean dsSettled =
        d != null
            && current(d.getObservedGeneration(), ds.getMetadata().getGeneration())
            && zeroIfNull(d.getUpdatedNumberScheduled()) == desired
            && proxyReady == desired;
    return new ObservedState(replicas, ready, stsSettled, desired, proxyReady, dsSettled);
  }

  private static boolean current(Long observed, Long generation) {
    return observed != null && (generation == null || observed >= generation);
  }

  private static int zeroIfNull(Integer value) {
    return value == null ? 0 : value;
  }
}
