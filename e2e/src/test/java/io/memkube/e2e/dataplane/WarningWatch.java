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

/**
 * What a user would take for trouble during normal operations (issue 13: {@code Degraded} only for
 * real faults): the Warning Events about a MemcachedCluster and its objects (the resource, its
 * StatefulSet, DaemonSet, Services, ConfigMaps, PodDisruptionBudget and their pods, all named
 * {@code NAME} or {@code NAME-...}), and every status in which its {@code Degraded} condition is
 * True. Both are recorded all along; the steps that are normal operations mark their windows, and
 * {@link #findings()} lists what was seen inside them.
 *
 * <p>A pod's readiness probe failing is not counted: a starting server is not ready until it
 * answers, and a stopping one turns unready on purpose so that the proxies drain it; the kubelet
 * reports each such probe as a Warning {@code Unhealthy}. They are kept apart and printed ({@link
 * #readinessProbeResults()}).
 */
final class WarningWatch implements AutoCloseable {

  /** Events arriving this long after a window's end still belong to it. */
  private static final Duration LATE = Duration.ofSeconds(1);

  /** Something seen: when, about which object (uid, may be null), and what. */
  record Seen(Instant at, String uid, String what) {}

  /** A normal operation's span. */
  record Window(String step, Instant start, Instant end) {}

  private final String cluster;
  private final List<Seen> warnings = new ArrayList<>();
  private final List<Seen> probeResults = new ArrayList<>();
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
    (readinessProbeResult(event) ? probeResults : warnings).add(seen);
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

  /** The kubelet's report of a failed readiness probe (a pod starting or draining). */
  static boolean readinessProbeResult(Event event) {
    return "Unhealthy".equals(event.getReason())
        && event.getInvolvedObject() != null
        && "Pod".equals(event.getInvolvedObject().getKind())
        && event.getMessage() != null
        && event.getMessage().startsWith("Readiness probe");
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

  /** The readiness probes that failed during the normal operations, for the record. */
  synchronized List<String> readinessProbeResults() {
    return probeResults.stream()
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
