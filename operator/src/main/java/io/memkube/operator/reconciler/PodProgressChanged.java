package io.memkube.operator.reconciler;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.List;
import java.util.Map;

/**
 * Lets a pod's update through only when it changes what the reconciler reads of a pod: its labels
 * (the revision), whether it is being deleted, its node and phase (which proxies must report), its
 * conditions (Ready and since when, Unschedulable) and its containers' states (the faults the
 * status names). The kubelet and the scheduler write a pod several times on its way up; the other
 * writes (probe times, IPs, start times, restart counts alone) would each reconcile the cluster for
 * nothing.
 */
final class PodProgressChanged implements OnUpdateFilter<Pod> {

  @Override
  public boolean accept(Pod now, Pod before) {
    return !Read.of(now).equals(Read.of(before));
  }

  /** What the reconciler reads of a pod. */
  private record Read(
      Map<String, String> labels,
      boolean deleting,
      String node,
      String phase,
      List<Condition> conditions,
      List<Container> containers) {

    static Read of(Pod pod) {
      var status = pod.getStatus();
      return new Read(
          pod.getMetadata().getLabels(),
          pod.getMetadata().getDeletionTimestamp() != null,
          pod.getSpec() == null ? null : pod.getSpec().getNodeName(),
          status == null ? null : status.getPhase(),
          status == null || status.getConditions() == null
              ? List.of()
              : status.getConditions().stream().map(Condition::of).toList(),
          status == null || status.getContainerStatuses() == null
              ? List.of()
              : status.getContainerStatuses().stream().map(Container::of).toList());
    }
  }

  /** A condition without its probe time, which the kubelet may rewrite without a change. */
  private record Condition(
      String type, String status, String reason, String message, String since) {
    static Condition of(PodCondition c) {
      return new Condition(
          c.getType(), c.getStatus(), c.getReason(), c.getMessage(), c.getLastTransitionTime());
    }
  }

  /** Whether a container runs, and why it waits. */
  private record Container(String name, boolean running, String waiting, String message) {
    static Container of(ContainerStatus c) {
      ContainerState state = c.getState();
      var waiting = state == null ? null : state.getWaiting();
      return new Container(
          c.getName(),
          state != null && state.getRunning() != null,
          waiting == null ? null : waiting.getReason(),
          waiting == null ? null : waiting.getMessage());
    }
  }
}
