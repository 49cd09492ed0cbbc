package io.memkube.e2e.dataplane;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * A container of a pod on the real node, seen from the host: its main process (through the node's
 * containerd, e2e/bin/lib/real-node.sh) to signal, and its memory cgroup to read.
 */
record ContainerOnNode(String id, long pid) {

  /** The node's containerd socket (e2e/bin/lib/real-node.sh). */
  static final String CONTAINERD =
      System.getProperty("memkube.e2e.containerd", "/run/memkube-node/containerd.sock");

  /** The running container {@code name} of {@code pod}. */
  static ContainerOnNode of(Pod pod, String name) {
    ContainerStatus status =
        pod.getStatus().getContainerStatuses().stream()
            .filter(s -> name.equals(s.getName()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no container " + name + " in " + pod));
    String id = status.getContainerID().replaceFirst("^[a-z]+://", "");
    String tasks = HostCommand.ok("ctr", "--address", CONTAINERD, "-n", "k8s.io", "tasks", "ls");
    long pid =
        tasks
            .lines()
            .filter(l -> l.startsWith(id + " ") || l.startsWith(id + "\t"))
            .map(l -> l.trim().split("\\s+")[1])
            .mapToLong(Long::parseLong)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no task " + id + " in:\n" + tasks));
    return new ContainerOnNode(id, pid);
  }

  /** Sends {@code signal} (STOP, CONT, KILL...) to the container's main process. */
  void signal(String signal) {
    HostCommand.ok("kill", "-" + signal, Long.toString(pid));
  }

  /** The highest memory use of the container's cgroup so far (cgroup v1), if found. */
  OptionalLong maxMemoryUsage() {
    return cgroupValue("memory.max_usage_in_bytes");
  }

  /** The memory limit of the container's cgroup (cgroup v1), if found. */
  OptionalLong memoryLimit() {
    return cgroupValue("memory.limit_in_bytes");
  }

  private OptionalLong cgroupValue(String file) {
    Path root = Path.of("/sys/fs/cgroup/memory/kubepods");
    if (!Files.isDirectory(root)) {
      return OptionalLong.empty();
    }
    try (Stream<Path> dirs = Files.walk(root, 4)) {
      return dirs.filter(d -> d.getFileName().toString().equals(id))
          .map(d -> d.resolve(file))
          .filter(Files::isRegularFile)
          .mapToLong(ContainerOnNode::readLong)
          .findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the cgroup of " + id, e);
    }
  }

  private static long readLong(Path file) {
    try {
      return Long.parseLong(Files.readString(file).trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
