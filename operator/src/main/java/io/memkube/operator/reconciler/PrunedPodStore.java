package io.memkube.operator.reconciler;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;

/**
 * The pods' informer cache, holding of each pod only what the reconciler and {@link
 * PodProgressChanged} read: name, namespace, labels, deletion, node, phase, conditions and the
 * containers' states. A whole pod (its spec, managed fields, IPs) weighs some tens of KiB on the
 * heap: at 300 clusters the full cache took the operator's resident memory from 232 to 272 MiB,
 * which would not fit the chart's 512 MiB at 1000 clusters. The informer hands its listeners the
 * pod as it arrived and the previous one from here, so the filter compares only fields kept here.
 *
 * <p>One store serves one informer only: the SDK gives the same store to the informer of each
 * watched namespace, and an informer's relist drops every key of its store it did not list itself,
 * so {@link OwnedPods} uses it only when the operator watches all namespaces (one informer; the
 * default).
 */
final class PrunedPodStore implements ItemStore<Pod> {

  private final ConcurrentMap<String, Pod> pods = new ConcurrentHashMap<>();

  @Override
  public String getKey(Pod pod) {
    return Cache.metaNamespaceKeyFunc(pod);
  }

  @Override
  public Pod put(String key, Pod pod) {
    return pods.put(key, pruned(pod));
  }

  @Override
  public Pod remove(String key) {
    return pods.remove(key);
  }

  @Override
  public Stream<String> keySet() {
    return pods.keySet().stream();
  }

  @Override
  public Stream<Pod> values() {
    return pods.values().stream();
  }

  @Override
  public int size() {
    return pods.size();
  }

  @Override
  public Pod get(String key) {
    return pods.get(key);
  }

  static Pod pruned(Pod pod) {
    ObjectMeta meta = pod.getMetadata();
    PodStatus status = pod.getStatus();
    return new PodBuilder()
        .withNewMetadata()
        .withName(meta.getName())
        .withNamespace(meta.getNamespace())
        .withUid(meta.getUid())
        .withResourceVersion(meta.getResourceVersion())
        .withLabels(meta.getLabels())
        .withDeletionTimestamp(meta.getDeletionTimestamp())
        .endMetadata()
        .withNewSpec()
        .withNodeName(pod.getSpec() == null ? null : pod.getSpec().getNodeName())
        .endSpec()
        .withStatus(
            status == null
                ? null
                : new PodStatusBuilder()
                    .withPhase(status.getPhase())
                    .withConditions(status.getConditions())
                    .withContainerStatuses(containers(status.getContainerStatuses()))
                    .build())
        .build();
  }

  private static List<ContainerStatus> containers(List<ContainerStatus> statuses) {
    return statuses == null
        ? null
        : statuses.stream()
            .map(
                c ->
                    new ContainerStatusBuilder()
                        .withName(c.getName())
                        .withState(c.getState())
                        .build())
            .toList();
  }
}
