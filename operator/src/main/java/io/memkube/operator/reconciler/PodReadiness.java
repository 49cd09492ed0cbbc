package io.memkube.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.operator.naming.ClusterLabels;
import io.memkube.operator.naming.ClusterNames;
import io.memkube.operator.scaling.RingState;
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
   * Whether a reconciliation must list the cache pods. Not when the StatefulSet reports every one
   * of its pods Ready at its current generation, or has none yet: with the proxy off the pods only
   * tell the status what a pod that is not Ready can have (unschedulable, a crash loop, a failing
   * probe). With the proxy on, ring-safe scaling and the operator's roll read each pod's readiness
   * and revision, which such a StatefulSet also tells ({@link #allReady}, {@link
   * #atUpdateRevision}) once nothing moves: every pod updated to the current revision, and a ring
   * of the cluster's size with no server draining or restarting ({@code ring}, the proxies' state
   * from their ConfigMap). Each LIST makes the API server pass over every pod of the namespace (at
   * 1000 clusters, 3000 pods).
   */
  static boolean needed(MemcachedCluster mc, StatefulSet sts, RingState ring) {
    boolean proxy = mc.getSpec().getProxy().getEnabled();
    if (sts == null) {
      return proxy; // created in this reconciliation: no pod of it yet
    }
    StatefulSetStatus status = sts.getStatus();
    if (status == null || sts.getSpec().getReplicas() == null) {
      return true;
    }
    int desired = sts.getSpec().getReplicas();
    Long generation = sts.getMetadata().getGeneration();
    boolean allReady =
        status.getObservedGeneration() != null
            && (generation == null || status.getObservedGeneration() >= generation)
            && count(status.getReplicas()) == desired
            && count(status.getReadyReplicas()) == desired;
    if (!allReady || !proxy) {
      return !allReady;
    }
    boolean updated =
        count(status.getUpdatedReplicas()) == desired
            && status.getUpdateRevision() != null
            && status.getUpdateRevision().equals(status.getCurrentRevision());
    boolean ringAtRest =
        ring != null
            && ring.size() == desired
            && mc.getSpec().getReplicas() == desired
            && ring.drainingFrom() == null
            && ring.restarting() == null
            && ring.rollStepSince() == null;
    return !(updated && ringAtRest);
  }

  /**
   * Every ordinal below the StatefulSet's replicas Ready: what it reports when no LIST is needed.
   */
  static IntPredicate allReady(StatefulSet sts) {
    int replicas = sts.getSpec().getReplicas();
    return ordinal -> ordinal >= 0 && ordinal < replicas;
  }

  /**
   * Every pod at the StatefulSet's update revision, when no LIST is needed. Since when each is
   * Ready is not known, and not read then: only a server the roll restarts waits for it.
   */
  static ServerRoll.PodRevisions atUpdateRevision(StatefulSet sts) {
    int replicas = sts.getSpec().getReplicas();
    String update = sts.getStatus().getUpdateRevision();
    return new ServerRoll.PodRevisions() {
      @Override
      public String revision(int ordinal) {
        return ordinal >= 0 && ordinal < replicas ? update : null;
      }

      @Override
      public Instant readySince(int ordinal) {
        return null;
      }
    };
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
