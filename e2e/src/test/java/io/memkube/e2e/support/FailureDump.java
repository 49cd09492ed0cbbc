package io.memkube.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes what a namespace held when a test failed (objects, events, the nodes) into the build's
 * output, so a red CI run can be read without the cluster.
 */
public final class FailureDump {

  /** The kinds a memkube cluster is made of, and what explains why one is not ready. */
  private static final List<String> KINDS =
      List.of(
          "memcachedclusters.memkube.io",
          "statefulsets",
          "daemonsets",
          "services",
          "configmaps",
          "poddisruptionbudgets",
          "pods",
          "serviceaccounts",
          "roles",
          "rolebindings");

  private FailureDump() {}

  /** Dumps namespace {@code namespace} into {@code directory}; never throws for a missing kind. */
  public static void write(String namespace, Path directory) {
    try {
      Files.createDirectories(directory);
      StringBuilder objects = new StringBuilder();
      for (String kind : KINDS) {
        Kubectl.Result result = Kubectl.run("get", kind, "-n", namespace, "-o", "yaml");
        objects.append("# kubectl get ").append(kind).append(" -n ").append(namespace).append('\n');
        objects.append(result.succeeded() ? result.stdout() : result.stderr()).append("\n---\n");
      }
      Files.writeString(directory.resolve("objects.yaml"), objects);
      Files.writeString(
          directory.resolve("events.txt"),
          text(Kubectl.run("get", "events", "-n", namespace, "--sort-by=.lastTimestamp")));
      Files.writeString(
          directory.resolve("nodes.txt"), text(Kubectl.run("get", "nodes", "-o", "wide")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the failure dump to " + directory, e);
    }
  }

  private static String text(Kubectl.Result result) {
    return result.stdout() + result.stderr();
  }
}
