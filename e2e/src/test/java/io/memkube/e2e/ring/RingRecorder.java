package io.memkube.e2e.ring;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * Watches one MemcachedCluster's StatefulSet, cache pods and proxy ConfigMap while it scales, and
 * hands the changes to {@link RingTimeline}. Start it while the cluster is steady: what the objects
 * are at that moment becomes the timeline's initial state.
 */
public final class RingRecorder implements AutoCloseable {

  private final String name;
  private final ProxyConfigServers configServers;
  private final List<RingEvent> events = new ArrayList<>();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private RingTimeline.State initial;

  private RingRecorder(String name, String namespace) {
    this.name = name;
    this.configServers = new ProxyConfigServers(namespace, name);
  }

  /** Starts recording the cluster {@code namespace/name}. */
  public static RingRecorder start(KubernetesClient client, String namespace, String name) {
    RingRecorder recorder = new RingRecorder(name, namespace);
    var sts = client.apps().statefulSets().inNamespace(namespace).withName(name);
    var config = client.configMaps().inNamespace(namespace).withName(name + "-proxy");
    var pods = client.pods().inNamespace(namespace);
    recorder.informers.add(sts.inform(recorder.handler(recorder::statefulSetEvent)));
    recorder.informers.add(config.inform(recorder.handler(recorder::configEvent)));
    recorder.informers.add(pods.inform(recorder.handler(recorder::podEvent)));
    recorder.snapshotInitialState(sts.get(), config.get(), pods.list().getItems());
    return recorder;
  }

  /** What was recorded so far, replayed in commit order. */
  public synchronized RingTimeline timeline() {
    return RingTimeline.replay(initial, events);
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }

  private synchronized void snapshotInitialState(
      StatefulSet sts, ConfigMap config, List<Pod> pods) {
    long baseline = 0;
    Set<Integer> ready = new TreeSet<>();
    for (Pod pod : pods) {
      RingEvent.PodChanged change = podChange(pod, false);
      if (change != null) {
        baseline = Math.max(baseline, change.resourceVersion());
        if (change.ready()) {
          ready.add(change.ordinal());
        }
      }
    }
    Set<Integer> servers = config == null ? Set.of() : servers(config);
    if (config != null) {
      baseline = Math.max(baseline, resourceVersion(config));
    }
    int replicas = sts == null ? 0 : sts.getSpec().getReplicas();
    if (sts != null) {
      baseline = Math.max(baseline, resourceVersion(sts));
    }
    initial = new RingTimeline.State(baseline, servers, ready, replicas);
    long start = baseline;
    events.removeIf(e -> e.resourceVersion() <= start);
  }

  private synchronized void record(RingEvent event) {
    if (event != null && (initial == null || event.resourceVersion() > initial.resourceVersion())) {
      events.add(event);
    }
  }

  private RingEvent statefulSetEvent(StatefulSet sts, Boolean deleted) {
    return new RingEvent.StatefulSetScaled(
        resourceVersion(sts), deleted ? 0 : sts.getSpec().getReplicas());
  }

  private RingEvent configEvent(ConfigMap config, Boolean deleted) {
    return new RingEvent.ConfigChanged(
        resourceVersion(config), deleted ? Set.of() : servers(config));
  }

  private RingEvent podEvent(Pod pod, Boolean deleted) {
    return podChange(pod, deleted);
  }

  /** The change of a cache pod of this cluster, or null for any other pod. */
  private RingEvent.PodChanged podChange(Pod pod, boolean deleted) {
    boolean ownedBySts =
        pod.getMetadata().getOwnerReferences().stream()
            .anyMatch(o -> "StatefulSet".equals(o.getKind()) && name.equals(o.getName()));
    String prefix = name + "-";
    String podName = pod.getMetadata().getName();
    if (!ownedBySts || !podName.startsWith(prefix)) {
      return null;
    }
    int ordinal = Integer.parseInt(podName.substring(prefix.length()));
    boolean ready =
        pod.getMetadata().getDeletionTimestamp() == null
            && pod.getStatus() != null
            && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    return new RingEvent.PodChanged(resourceVersion(pod), ordinal, ready && !deleted, deleted);
  }

  private Set<Integer> servers(ConfigMap config) {
    return configServers.of(config);
  }

  private <T extends HasMetadata> ResourceEventHandler<T> handler(
      BiFunction<T, Boolean, RingEvent> toEvent) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        record(toEvent.apply(obj, false));
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        record(toEvent.apply(newObj, false));
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        record(toEvent.apply(obj, true));
      }
    };
  }

  private static long resourceVersion(HasMetadata object) {
    return Long.parseLong(object.getMetadata().getResourceVersion());
  }
}
