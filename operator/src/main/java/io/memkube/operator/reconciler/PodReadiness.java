package io.memkube.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.operator.naming.ClusterLabels;
import io.memkube.operator.naming.ClusterNames;
import io.memkube.operator.scaling.ServerRoll;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Which cache pods are Ready, by ordinal. A pod being deleted does not count, even while its
 * readiness has not caught up yet.
 */
final class PodReadiness {

  private PodReadiness() {}

  /**
   * Whether a reconciliation must list the cache pods. With the proxy on, ring-safe scaling and the
   * operator's roll read each pod's readiness and revision. With it off, the pods only tell the
   * status what a pod that is not Ready can have (unschedulable, a crash loop, a failing probe), so
   * a StatefulSet that reports every one of its pods Ready at its current generation, or none yet,
   * leaves nothing to read: the LIST would cost the API server a pass over every pod of the
   * namespace (at 1000 clusters, 3000 pods) for nothing.
   */
  static boolean needed(MemcachedCluster mc, StatefulSet sts) {
    if (mc.getSpec().getProxy().getEnabled()) {
      return true;
    }
    if (sts == null) {
      return false; // created in this reconciliation: no pod of it yet
    }
    StatefulSetStatus status = sts.getStatus();
    if (status == null || sts.getSpec().getReplicas() == null) {
      return true;
    }
    int desired = sts.getSpec().getReplicas();
    Long generation = sts.getMetadata().getGeneration();
    return status.getObservedGeneration() == null
        || (generation != null && status.getObservedGeneration() < generation)
        || count(status.getReplicas()) != desired
        || count(status.getReadyReplicas()) != desired;
  }

  private static int count(Integer n) {
    return n == null ? 0 : n;
  }

  /** The cluster's cache pods, listed for readiness and status when {@link #needed} says so. */
  static List<Pod> list(KubernetesClient client, MemcachedCluster mc) {
    String prefix = ClusterNames.servers(mc) + "-";
    return client
        .pods()
        .inNamespace(mc.getMetadata().getNamespace())
        .withLabels(ClusterLabels.selector(mc, ClusterLabels.CACHE))
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getName().startsWith(prefix))
        .toList();
  }

  static IntPredicate of(List<Pod> pods, MemcachedCluster mc) {
    String prefix = ClusterNames.servers(mc) + "-";
    Set<Integer> ready = new HashSet<>();
    for (Pod pod : pods) {
      String name = pod.getMetadata().getName();
      if (!name.startsWith(prefix) || pod.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      try {
        int ordinal = Integer.parseInt(name.substring(prefix.length()));
        if (isReady(pod)) {
          ready.add(ordinal);
        }
      } catch (NumberFormatException e) {
        // Not a pod of the StatefulSet (a user's pod with our labels): ignore it.
      }
    }
    return ready::contains;
  }

  /**
   * Each cache pod's revision ({@code controller-revision-hash}) and since when it is Ready, for
   * the operator's roll. A pod being deleted is not Ready.
   */
  static ServerRoll.PodRevisions revisions(List<Pod> pods, MemcachedCluster mc) {
    String prefix = ClusterNames.servers(mc) + "-";
    Map<Integer, Pod> byOrdinal = new HashMap<>();
    for (Pod pod : pods) {
      String name = pod.getMetadata().getName();
      try {
        byOrdinal.put(Integer.parseInt(name.substring(prefix.length())), pod);
      } catch (NumberFormatException | IndexOutOfBoundsException e) {
        // not a pod of the StatefulSet
      }
    }
    return new ServerRoll.PodRevisions() {
      @Override
      public String revision(int ordinal) {
        Pod pod = byOrdinal.get(ordinal);
        return pod == null || pod.getMetadata().getLabels() == null
            ? null
            : pod.getMetadata().getLabels().get("controller-revision-hash");
      }

      @Override
      public Instant readySince(int ordinal) {
        Pod pod = byOrdinal.get(ordinal);
        if (pod == null || pod.getMetadata().getDeletionTimestamp() != null || !isReady(pod)) {
          return null;
        }
        return pod.getStatus().getConditions().stream()
            .filter(c -> "Ready".equals(c.getType()) && c.getLastTransitionTime() != null)
            .map(c -> Instant.parse(c.getLastTransitionTime()))
            .findFirst()
            .orElse(null);
      }
    };
  }

  private static boolean isReady(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
