package io.memkube.operator.status;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the cache pods themselves say beyond Ready: a pod the scheduler cannot place (its {@code
 * PodScheduled} condition, reason {@code Unschedulable}, with the scheduler's {@code
 * FailedScheduling} message), and real faults. Starting, scaling and rolling pods are none of
 * these: a cluster reports {@code Degraded} only for a fault, never because pods are on their way.
 *
 * @param unschedulable the first pod that cannot be scheduled and why, or null
 * @param faults one line per faulty pod, in pod order
 */
public record ServerPods(String unschedulable, List<String> faults) {
  /** Nothing known beyond readiness (no pods listed). */
  public static final ServerPods NONE = new ServerPods(null, List.of());

  /**
   * A running container not Ready for longer than this is a fault (the liveness probe gives a
   * wedged server a minute before restarting it).
   */
  static final Duration NOT_READY_FAULT_AFTER = Duration.ofMinutes(2);

  /** Container waiting reasons that do not resolve by themselves. */
  private static final Set<String> FAULT_REASONS =
      Set.of(
          "CrashLoopBackOff",
          "ImagePullBackOff",
          "ErrImagePull",
          "InvalidImageName",
          "CreateContainerConfigError",
          "CreateContainerError",
          "RunContainerError");

  /** Reads the pods of a StatefulSet (those being deleted are skipped). */
  public static ServerPods of(List<Pod> pods, Instant now) {
    String unschedulable = null;
    List<String> faults = new ArrayList<>();
    List<Pod> sorted = new ArrayList<>(pods);
    sorted.sort(
        Comparator.comparing((Pod p) -> p.getMetadata().getName().length())
            .thenComparing(p -> p.getMetadata().getName()));
    for (Pod pod : sorted) {
      if (pod.getMetadata().getDeletionTimestamp() != null || pod.getStatus() == null) {
        continue;
      }
      String name = pod.getMetadata().getName();
      Optional<PodCondition> scheduled = condition(pod, "PodScheduled");
      if (unschedulable == null
          && scheduled.isPresent()
          && "False".equals(scheduled.get().getStatus())
          && "Unschedulable".equals(scheduled.get().getReason())) {
        unschedulable = "pod " + name + " cannot be scheduled: " + scheduled.get().getMessage();
      }
      fault(pod, now).ifPresent(f -> faults.add("pod " + name + ": " + f));
    }
    return new ServerPods(unschedulable, List.copyOf(faults));
  }

  private static Optional<String> fault(Pod pod, Instant now) {
    List<ContainerStatus> containers =
        pod.getStatus().getContainerStatuses() == null
            ? List.of()
            : pod.getStatus().getContainerStatuses();
    for (ContainerStatus c : containers) {
      var waiting = c.getState() == null ? null : c.getState().getWaiting();
      if (waiting != null && FAULT_REASONS.contains(waiting.getReason())) {
        return Optional.of(
            "container "
                + c.getName()
                + " "
                + waiting.getReason()
                + (waiting.getMessage() == null ? "" : " (" + waiting.getMessage() + ")"));
      }
    }
    Optional<PodCondition> ready = condition(pod, "Ready");
    boolean allRunning =
        !containers.isEmpty()
            && containers.stream()
                .allMatch(c -> c.getState() != null && c.getState().getRunning() != null);
    if (allRunning && ready.isPresent() && "False".equals(ready.get().getStatus())) {
      Instant since = parse(ready.get().getLastTransitionTime());
      if (since != null && Duration.between(since, now).compareTo(NOT_READY_FAULT_AFTER) > 0) {
        return Optional.of(
            "running but not ready for "
                + Duration.between(since, now).toSeconds()
                + " s (readiness probe failing)");
      }
    }
    return Optional.empty();
  }

  private static Optional<PodCondition> condition(Pod pod, String type) {
    return pod.getStatus().getConditions() == null
        ? Optional.empty()
        : pod.getStatus().getConditions().stream()
            .filter(c -> type.equals(c.getType()))
            .findFirst();
  }

  private static Instant parse(String time) {
    try {
      return time == null ? null : Instant.parse(time);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
