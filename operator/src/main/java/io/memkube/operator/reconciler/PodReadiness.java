package io.memkube.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.memkube.api.v1alpha1.MemcachedCluster;
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

  /** The cluster's cache pods (of its StatefulSet) among the cached pods of the cluster. */
  static List<Pod> servers(List<Pod> cachePods, MemcachedCluster mc) {
    String prefix = ClusterNames.servers(mc) + "-";
    return cachePods.stream().filter(p -> p.getMetadata().getName().startsWith(prefix)).toList();
  }

  static IntPredicate of(List<Pod> pods, MemcachedCluster mc) {
    String prefix = ClusterNames.servers(mc) + "-";
    Set<Integer> ready = new HashSet<>();
    for (Pod pod : pods) {
      String name = pod.getMetadata().getName();
      if (!name.startsWith(prefix)) {
        continue;
      }
      try {
        int ordinal = Integer.parseInt(name.substring(prefix.length()));
        if (ready(pod)) {
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
        return PodReadiness.revision(byOrdinal.get(ordinal));
      }

      @Override
      public Instant readySince(int ordinal) {
        return PodReadiness.readySince(byOrdinal.get(ordinal));
      }
    };
  }

  /** Whether the pod exists, is not being deleted and is Ready. */
  static boolean ready(Pod pod) {
    return pod != null
        && pod.getMetadata().getDeletionTimestamp() == null
        && pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** Since when the pod is Ready, or null when it is not (or does not exist). */
  static Instant readySince(Pod pod) {
    if (!ready(pod)) {
      return null;
    }
    return pod.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()) && c.getLastTransitionTime() != null)
        .map(c -> Instant.parse(c.getLastTransitionTime()))
        .findFirst()
        .orElse(null);
  }

  /** The pod's revision ({@code controller-revision-hash}), or null. */
  static String revision(Pod pod) {
    return pod == null || pod.getMetadata().getLabels() == null
        ? null
        : pod.getMetadata().getLabels().get("controller-revision-hash");
  }
}
