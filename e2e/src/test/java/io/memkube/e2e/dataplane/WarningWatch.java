package io.memkube.e2e.dataplane;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.api.v1alpha1.MemcachedClusterStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a user would take for trouble during normal operations (issue 13: {@code Degraded} only for
 * real faults): the Warning Events about a MemcachedCluster and its objects (the resource, its
 * StatefulSet, DaemonSet, Services, ConfigMaps, PodDisruptionBudget and their pods, all named
 * {@code NAME} or {@code NAME-...}), and every status in which its {@code Degraded} condition is
 * True. Both are recorded all along; the steps that are normal operations mark their windows, and
 * {@link #findings()} lists what was seen inside them.
 *
 * <p>Two of the kubelet's Warnings are not counted; they are kept apart and printed ({@link
 * #kubeletTransients()}):
 *
 * <ul>
 *   <li>a pod's readiness probe failing: a starting server is not ready until it answers, and a
 *       stopping one turns unready on purpose so that the proxies drain it; the kubelet reports
 *       each such probe as a Warning {@code Unhealthy};
 *   <li>a volume's mount put off because the kubelet's own watch of a ConfigMap or Secret had not
 *       synced yet: the kubelet (1.36, {@code watch_based_manager.go}) waits one second for it,
 *       reports {@code FailedMount ... failed to sync configmap cache: timed out waiting for the
 *       condition} on a busy node, and mounts at its next try. It concerns the kubelet's link to
 *       the API server, not the cluster; a mount that never succeeds leaves the pod not Ready,
 *       which the steps' own waits catch.
 * </ul>
 */
final class WarningWatch implements AutoCloseable {

  /** Events arriving this long after a window's end still belong to it. */
  private static final Duration LATE = Duration.ofSeconds(1);

  private static final Pattern VOLUME_CACHE_NOT_SYNCED =
      Pattern.compile(
          ": failed to sync (configmap|secret) cache: timed out waiting for the condition$");

  /** Something seen: when, about which object (uid, may be null), and what. */
  record Seen(Instant at, String uid, String what) {}

  /** A normal operation's span. */
  record Window(String step, Instant start, Instant end) {}

  private final String cluster;
  private final List<Seen> warnings = new ArrayList<>();
  private final List<Seen> kubeletTransients = new ArrayList<>();
  private final List<Seen> degraded = new ArrayList<>();
  private final Map<String, Window> windows = new LinkedHashMap<>();
  private final Set<String> ignoredUids = new HashSet<>();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

  private WarningWatch(String cluster) {
    this.cluster = cluster;
  }

  /** Starts recording the cluster {@code namespace/cluster} (before it is created, ideally). */
  static WarningWatch start(KubernetesClient client, String namespace, String cluster) {
    WarningWatch watch = new WarningWatch(cluster);
    watch.informers.add(
        client.v1().events().inNamespace(namespace).inform(EveryState.to(watch::eventSeen)));
    watch.informers.add(
        client
            .resources(MemcachedCluster.class)
            .inNamespace(namespace)
            .withName(cluster)
            .inform(EveryState.to(watch::clusterSeen)));
    return watch;
  }

  /** Marks the start of a normal operation. */
  synchronized void begin(String step) {
    windows.put(step, new Window(step, Instant.now(), null));
  }

  /** Marks its end. */
  synchronized void end(String step) {
    Window w = windows.get(step);
    windows.put(step, new Window(step, w.start(), Instant.now()));
  }

  /**
   * Leaves out what concerns this object (a pod deleted by force: a real fault, whose late events
   * may fall into the next step's window).
   */
  synchronized void ignore(String uid) {
    ignoredUids.add(uid);
  }

  private synchronized void eventSeen(Event event) {
    ObjectReference about = event.getInvolvedObject();
    if (!"Warning".equals(event.getType())
        || about == null
        || !concerns(cluster, about.getName())) {
      return;
    }
    Seen seen =
        new Seen(
            Instant.now(),
            about.getUid(),
            about.getKind()
                + " "
                + about.getName()
                + ": "
                + event.getReason()
                + " "
                + event.getMessage()
                + (event.getCount() != null && event.getCount() > 1
                    ? " (x" + event.getCount() + ")"
                    : ""));
    (kubeletTransient(event) ? kubeletTransients : warnings).add(seen);
  }

  private synchronized void clusterSeen(MemcachedCluster mcc) {
    MemcachedClusterStatus status = mcc.getStatus();
    if (status == null || status.getConditions() == null) {
      return;
    }
    for (Condition c : status.getConditions()) {
      if (MemcachedClusterStatus.DEGRADED.equals(c.getType()) && "True".equals(c.getStatus())) {
        degraded.add(
            new Seen(
                Instant.now(),
                mcc.getMetadata().getUid(),
                "Degraded=True " + c.getReason() + ": " + c.getMessage()));
      }
    }
  }

  /** Whether an object of this name belongs to the cluster {@code cluster}. */
  static boolean concerns(String cluster, String objectName) {
    return objectName != null
        && (objectName.equals(cluster) || objectName.startsWith(cluster + "-"));
  }

  /** A Warning of the kubelet's that is not counted against the cluster (see the class). */
  static boolean kubeletTransient(Event event) {
    return readinessProbeResult(event) || volumeCacheNotSyncedYet(event);
  }

  /** The kubelet's report of a failed readiness probe (a pod starting or draining). */
  static boolean readinessProbeResult(Event event) {
    return aboutPod(event)
        && "Unhealthy".equals(event.getReason())
        && event.getMessage().startsWith("Readiness probe");
  }

  /** The kubelet's one-second wait for its own ConfigMap or Secret watch, run out. */
  static boolean volumeCacheNotSyncedYet(Event event) {
    return aboutPod(event)
        && "FailedMount".equals(event.getReason())
        && VOLUME_CACHE_NOT_SYNCED.matcher(event.getMessage()).find();
  }

  private static boolean aboutPod(Event event) {
    return event.getInvolvedObject() != null
        && "Pod".equals(event.getInvolvedObject().getKind())
        && event.getMessage() != null;
  }

  /** Per normal operation, the Warning Events and Degraded statuses seen during it. */
  synchronized Map<String, List<String>> findings() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Window w : windows.values()) {
      List<String> found = new ArrayList<>();
      for (List<Seen> kind : List.of(warnings, degraded)) {
        for (Seen s : kind) {
          if (inside(w, s) && !ignoredUids.contains(s.uid())) {
            found.add(s.at() + " " + s.what());
          }
        }
      }
      out.put(w.step(), found);
    }
    return out;
  }

  /** The kubelet's Warnings not counted during the normal operations, for the record. */
  synchronized List<String> kubeletTransients() {
    return kubeletTransients.stream()
        .filter(s -> windows.values().stream().anyMatch(w -> inside(w, s)))
        .map(s -> s.at() + " " + s.what())
        .toList();
  }

  private static boolean inside(Window w, Seen s) {
    Instant end = w.end() == null ? Instant.MAX : w.end().plus(LATE);
    return !s.at().isBefore(w.start()) && !s.at().isAfter(end);
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}
