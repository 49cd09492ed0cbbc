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
import java.util.function.Predicate;

/**
 * Which pod events reconcile the pod's cluster: those that change what the reconciler decides on or
 * shows. It decides on a cache server's revision, whether it is being deleted, Ready and since
 * when, and on a proxy's node and whether it runs (which proxies must report a configuration); all
 * of that only where its proxies route (ring-safe scaling and the operator's roll): a cluster
 * without the proxy lets the StatefulSet controller scale and roll, and its status counts the Ready
 * pods from the StatefulSet's. It shows a pod that cannot be scheduled and the container faults of
 * every cluster.
 *
 * <p>The kubelet and the scheduler write each pod several times on its way up (scheduled,
 * containers created and started, probe times, IPs); at 100 clusters each of those writes
 * reconciled a cluster for nothing. A new pod reconciles nothing until it says something: a pod the
 * informer lists at start-up belongs to a cluster the SDK reconciles then anyway.
 */
final class PodProgressChanged implements OnUpdateFilter<Pod> {

  private final Predicate<Pod> proxied;

  /**
   * @param proxied whether the pod's cluster runs its proxies (it decides on its pods' readiness)
   */
  PodProgressChanged(Predicate<Pod> proxied) {
    this.proxied = proxied;
  }

  @Override
  public boolean accept(Pod now, Pod before) {
    return !Shown.of(now).equals(Shown.of(before))
        || (!Decided.of(now).equals(Decided.of(before)) && proxied.test(now));
  }

  /** The filter of new pods: whether the pod already says something the reconciler reads. */
  boolean saysSomething(Pod added) {
    return !Shown.of(added).equals(Shown.NOTHING)
        || (!Decided.of(added).equals(Decided.fresh(added)) && proxied.test(added));
  }

  /** What the reconciler decides on. */
  private record Decided(
      Map<String, String> labels,
      boolean deleting,
      String proxyNode,
      boolean proxyRunning,
      String ready,
      String readySince) {

    static Decided of(Pod pod) {
      boolean proxy = isProxy(pod);
      PodCondition ready = condition(pod, "Ready");
      return new Decided(
          pod.getMetadata().getLabels(),
          pod.getMetadata().getDeletionTimestamp() != null,
          proxy && pod.getSpec() != null ? pod.getSpec().getNodeName() : null,
          proxy && pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase()),
          ready == null ? null : ready.getStatus(),
          ready == null ? null : ready.getLastTransitionTime());
    }

    /** A pod as it is created: its labels, nothing said yet. */
    static Decided fresh(Pod pod) {
      return new Decided(pod.getMetadata().getLabels(), false, null, false, null, null);
    }

    private static boolean isProxy(Pod pod) {
      Map<String, String> labels = pod.getMetadata().getLabels();
      return labels != null && ClusterLabels.PROXY.equals(labels.get(ClusterLabels.COMPONENT));
    }
  }

  /** What the status shows of a pod. */
  private record Shown(String unschedulable, List<String> faults) {

    static final Shown NOTHING = new Shown(null, List.of());

    static Shown of(Pod pod) {
      PodCondition scheduled = condition(pod, "PodScheduled");
      var status = pod.getStatus();
      return new Shown(
          scheduled != null
                  && "False".equals(scheduled.getStatus())
                  && "Unschedulable".equals(scheduled.getReason())
              ? Objects.requireNonNullElse(scheduled.getMessage(), "")
              : null,
          status == null || status.getContainerStatuses() == null
              ? List.of()
              : status.getContainerStatuses().stream()
                  .map(Shown::fault)
                  .filter(Objects::nonNull)
                  .toList());
    }

    private static String fault(ContainerStatus c) {
      var waiting = c.getState() == null ? null : c.getState().getWaiting();
      return waiting != null && ServerPods.faultReason(waiting.getReason())
          ? c.getName() + " " + waiting.getReason() + " " + waiting.getMessage()
          : null;
    }
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
}
