package io.memkube.e2e.dataplane;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the cache servers of deleted pods ended: the kubelet reports a stopped pod's final container
 * state (exit code, reason) before the pod goes away, and this watch keeps it by pod uid. A normal
 * stop drains and exits 0 ({@code Completed}); 143 ({@code Error}) was a server that did not handle
 * SIGTERM.
 */
final class ServerStops implements AutoCloseable {

  /** A stopped server: its pod, exit code and the kubelet's reason. */
  record Stop(String pod, int exitCode, String reason) {}

  private final String cluster;
  private final String container;
  private final Map<String, Stop> byUid = new LinkedHashMap<>();
  private SharedIndexInformer<Pod> informer;

  private ServerStops(String cluster, String container) {
    this.cluster = cluster;
    this.container = container;
  }

  /** Starts watching the pods {@code cluster-N} of {@code namespace}. */
  static ServerStops start(
      KubernetesClient client, String namespace, String cluster, String container) {
    ServerStops stops = new ServerStops(cluster, container);
    stops.informer = client.pods().inNamespace(namespace).inform(EveryState.to(stops::seen));
    return stops;
  }

  private synchronized void seen(Pod pod) {
    String name = pod.getMetadata().getName();
    if (pod.getMetadata().getDeletionTimestamp() == null
        || !name.matches(cluster + "-\\d+")
        || pod.getStatus() == null
        || pod.getStatus().getContainerStatuses() == null) {
      return;
    }
    for (ContainerStatus c : pod.getStatus().getContainerStatuses()) {
      if (container.equals(c.getName())
          && c.getState() != null
          && c.getState().getTerminated() != null) {
        var t = c.getState().getTerminated();
        byUid.put(
            pod.getMetadata().getUid(),
            new Stop(name, t.getExitCode() == null ? -1 : t.getExitCode(), t.getReason()));
      }
    }
  }

  /** The stop of the pod with this uid, or null when none was seen. */
  synchronized Stop of(String uid) {
    return byUid.get(uid);
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
  }
}
