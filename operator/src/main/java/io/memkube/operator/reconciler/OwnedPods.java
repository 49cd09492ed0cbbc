package io.memkube.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.operator.naming.ClusterLabels;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The clusters' cache and proxy pods, from one informer instead of a LIST per reconciliation: a
 * LIST costs the API server as much as every pod of the namespace, so N clusters reconciling made
 * it N x N. The informer caches memkube's pods only (the managed-by label, which every pod template
 * carries after the user's labels), and a change of a pod that the reconciler reads ({@link
 * PodProgressChanged}) reconciles the pod's cluster (its instance label): a server turning Ready
 * can join the ring without waiting for the StatefulSet's status, which the cache may show before
 * the pod's change.
 */
final class OwnedPods {

  /** The event source's name (the operator has no other informer of pods). */
  static final String EVENT_SOURCE = "pods";

  private OwnedPods() {}

  static InformerEventSource<Pod, MemcachedCluster> eventSource(
      EventSourceContext<MemcachedCluster> context) {
    InformerEventSourceConfiguration<Pod> config =
        InformerEventSourceConfiguration.from(Pod.class, MemcachedCluster.class)
            .withName(EVENT_SOURCE)
            .withNamespacesInheritedFromController()
            .withLabelSelector(ClusterLabels.MANAGED_SELECTOR)
            .withSecondaryToPrimaryMapper(OwnedPods::cluster)
            .withOnAddFilter(PodProgressChanged::saysSomething)
            .withOnUpdateFilter(new PodProgressChanged())
            .build();
    return new InformerEventSource<>(config, context);
  }

  /**
   * The pod's cluster. Pods are owned by the StatefulSet or DaemonSet, not by the cluster, so the
   * owner references do not lead there; the instance label, part of their immutable selector, does.
   */
  static Set<ResourceID> cluster(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    String name = labels == null ? null : labels.get(ClusterLabels.INSTANCE);
    return name == null ? Set.of() : Set.of(new ResourceID(name, pod.getMetadata().getNamespace()));
  }

  /** The cluster's pods of one component ({@link ClusterLabels#CACHE} or {@code PROXY}). */
  static List<Pod> of(Context<MemcachedCluster> context, String component) {
    return context
        .getSecondaryResourcesAsStream(Pod.class)
        .filter(p -> component.equals(p.getMetadata().getLabels().get(ClusterLabels.COMPONENT)))
        .toList();
  }
}
