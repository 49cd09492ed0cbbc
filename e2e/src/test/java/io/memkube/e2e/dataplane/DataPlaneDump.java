package io.memkube.e2e.dataplane;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.memkube.e2e.app.TextProtocolConnection;
import io.memkube.e2e.support.Kubectl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What explains a data-plane failure, written next to the namespace dump: every container's log
 * (and the previous one after a restart), {@code kubectl describe} of the pods, the events, and
 * each proxy's loaded config digest against the ConfigMap.
 */
final class DataPlaneDump {

  private DataPlaneDump() {}

  static void write(KubernetesClient client, String namespace, String proxyConfigMap, Path dir) {
    try {
      Files.createDirectories(dir);
      StringBuilder digests = new StringBuilder();
      for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
        String name = pod.getMetadata().getName();
        for (Container c : pod.getSpec().getContainers()) {
          for (boolean previous : new boolean[] {false, true}) {
            Kubectl.Result log =
                Kubectl.run(
                    "logs", name, "-c", c.getName(), "-n", namespace, "--previous=" + previous);
            if (log.succeeded()) {
              Files.writeString(
                  dir.resolve(name + "." + c.getName() + (previous ? ".previous" : "") + ".log"),
                  log.stdout());
            }
          }
        }
        if (name.contains("proxy") && pod.getStatus().getPodIP() != null) {
          digests.append(name).append(": ").append(proxyDigest(pod.getStatus().getPodIP()));
          digests.append('\n');
        }
      }
      Kubectl.Result describe = Kubectl.run("describe", "pods", "-n", namespace);
      Files.writeString(dir.resolve("describe-pods.txt"), describe.stdout() + describe.stderr());
      Kubectl.Result events = Kubectl.run("get", "events", "-n", namespace, "-o", "wide");
      Files.writeString(dir.resolve("events-wide.txt"), events.stdout() + events.stderr());
      Kubectl.Result config =
          Kubectl.run("get", "configmap", proxyConfigMap, "-n", namespace, "-o", "yaml");
      Files.writeString(
          dir.resolve("proxy-config-digests.txt"),
          digests + "\n# the ConfigMap\n" + config.stdout() + config.stderr());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the data-plane dump to " + dir, e);
    }
  }

  /** The proxy's own view: the md5 of the config it runs and how old it is. */
  private static String proxyDigest(String ip) {
    try (TextProtocolConnection c = TextProtocolConnection.open(ip, 5000, Duration.ofSeconds(2))) {
      return "config_md5_digest="
          + c.get("__mcrouter__.config_md5_digest").orElse("?")
          + " config_age="
          + c.get("__mcrouter__.config_age").orElse("?")
          + "s";
    } catch (IOException e) {
      return "unreachable: " + e;
    }
  }
}
