package io.memkube.operator.reconciler;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.memkube.operator.naming.ClusterLabels;
import io.memkube.operator.status.ServerPods;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which pod events reconcile the pod's cluster: those that change what the reconciler decides on or
 * shows. Of a cache server: its labels (the revision), whether it is being deleted, Ready and since
 * when, Unschedulable, and the container faults the status names. Of a proxy: also its node and
 * whether it runs (which proxies must report a configuration). The kubelet and the scheduler write
 * each pod several times on its way up (scheduled, containers created and started, probe times,
 * IPs); at 100 clusters each of those writes reconciled a cluster for nothing. A new pod reconciles
 * nothing until one of those says something: a pod the informer lists at start-up belongs to a
 * cluster the SDK reconciles then anyway.
 */
final class PodProgressChanged implements OnUpdateFilter<Pod> {

  /** The filter of new pods: whether the pod already says something the reconciler reads. */
  static boolean saysSomething(Pod added) {
    return !Read.of(added).equals(Read.fresh(added));
  }

  @Override
  public boolean accept(Pod now, Pod before) {
    return !Read.of(now).equals(Read.of(before));
  }

  /** What the reconciler reads of a pod. */
  private record Read(
      Map<String, String> labels,
      boolean deleting,
      String proxyNode,
      boolean proxyRunning,
      String ready,
      String readySince,
      String unschedulable,
      List<String> faults) {

    static Read of(Pod pod) {
      var status = pod.getStatus();
      boolean proxy = isProxy(pod);
      PodCondition ready = condition(pod, "Ready");
      PodCondition scheduled = condition(pod, "PodScheduled");
      return new Read(
          pod.getMetadata().getLabels(),
          pod.getMetadata().getDeletionTimestamp() != null,
          proxy && pod.getSpec() != null ? pod.getSpec().getNodeName() : null,
          proxy && status != null && "Running".equals(status.getPhase()),
          ready == null ? null : ready.getStatus(),
          ready == null ? null : ready.getLastTransitionTime(),
          scheduled != null
                  && "False".equals(scheduled.getStatus())
                  && "Unschedulable".equals(scheduled.getReason())
              ? Objects.requireNonNullElse(scheduled.getMessage(), "")
              : null,
          status == null || status.getContainerStatuses() == null
              ? List.of()
              : status.getContainerStatuses().stream()
                  .map(Read::fault)
                  .filter(Objects::nonNull)
                  .toList());
    }

    /** A pod as it is created: its labels, nothing said yet. */
    static Read fresh(Pod pod) {
      return new Read(
          pod.getMetadata().getLabels(), false, null, false, null, null, null, List.of());
    }

    private static boolean isProxy(Pod pod) {
      Map<String, String> labels = pod.getMetadata().getLabels();
      return labels != null && ClusterLabels.PROXY.equals(labels.get(ClusterLabels.COMPONENT));
    }

    private static PodCondition condition(Pod pod, String type) {
      if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
        return null;
      }
      return pod.getStatus().getConditions().stream()
          .filter(c -> type.equals(c.getType()))
          .findFirst()
          .orElse(null);
    }

    private static String fault(ContainerStatus c) {
      var waiting = c.getState() == null ? null : c.getState().getWaiting();
      return waiting != null && ServerPods.faultReason(waiting.getReason())
          ? c.getName() + " " + waiting.getReason() + " " + waiting.getMessage()
          : null;
    }
  }
}
