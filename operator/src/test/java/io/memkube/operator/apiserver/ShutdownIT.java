package io.memkube.operator.apiserver;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.operator.TestClusters;
import io.memkube.operator.config.LeaderElection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A normal shutdown of the packaged operator (SIGTERM, as Kubernetes stops a pod) while it is busy:
 * in-flight reconciliations finish, nothing is logged at ERROR, no cluster gets a failure Event or
 * condition, and the Lease is given up so that a standby instance takes over at once instead of
 * after the lease duration (15 s).
 */
class ShutdownIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final int CLUSTERS = 10;

  @Test
  void sigtermWhileBusyLogsNoErrorWritesNoFailureAndHandsTheLeaseOver() throws Exception {
    RealApiServer api = RealApiServer.get();
    KubernetesClient client = api.client();
    String ns = api.newNamespace("shutdown");
    Path logA = log(ns, "a");
    Process leader = start(api, ns, logA);
    Process standby = null;
    try {
      create(client, ns, "first");
      await().atMost(TIMEOUT).until(() -> holder(client, ns) != null);
      String leaderIdentity = holder(client, ns);
      Path logB = log(ns, "b");
      standby = start(api, ns, logB);
      // A standby that is up and trying for the Lease (its own start-up is not the hand-over).
      await()
          .atMost(TIMEOUT)
          .until(() -> Files.exists(logB) && Files.readString(logB).contains("Listening on"));
      for (int i : IntStream.range(0, CLUSTERS).toArray()) {
        create(client, ns, "busy-" + i);
      }

      leader.destroy(); // SIGTERM
      assertTrue(leader.waitFor(30, TimeUnit.SECONDS), "the leader stops within 30 s");
      long stopped = System.nanoTime();
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                String now = holder(client, ns);
                return now != null && !now.isEmpty() && !now.equals(leaderIdentity);
              });
      long handOverMillis = (System.nanoTime() - stopped) / 1_000_000;
      assertTrue(
          handOverMillis < 5_000,
          "the standby took the Lease " + handOverMillis + " ms after the leader stopped");

      List<String> errors =
          Files.readAllLines(logA).stream().filter(l -> l.matches(".*\\bERROR\\b.*")).toList();
      assertEquals(List.of(), errors, "ERROR lines in the stopped leader's log " + logA);
      List<String> failures =
          client.v1().events().inNamespace(ns).list().getItems().stream()
              .map(Event::getReason)
              .filter(r -> r.equals("SpecNotApplied") || r.equals("ApplyFailed"))
              .toList();
      assertEquals(List.of(), failures, "failure Events written on a normal shutdown");

      // The standby finishes the work.
      await()
          .atMost(TIMEOUT)
          .until(
              () ->
                  client.resources(StatefulSet.class).inNamespace(ns).list().getItems().size()
                      == CLUSTERS + 1);
    } finally {
      stop(leader);
      if (standby != null) {
        stop(standby);
      }
    }
  }

  private static void create(KubernetesClient client, String ns, String name) {
    MemcachedCluster mc = TestClusters.cluster(name, ns);
    mc.getMetadata().setUid(null);
    mc.getMetadata().setGeneration(null);
    client.resource(mc).create();
  }

  private static String holder(KubernetesClient client, String ns) {
    Lease lease =
        client.resources(Lease.class).inNamespace(ns).withName(LeaderElection.LEASE_NAME).get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  private static Path log(String ns, String instance) {
    Path jar = Path.of(System.getProperty("memkube.operator.jar"));
    return jar.toAbsolutePath()
        .getParent()
        .resolveSibling("operator-" + ns + "-" + instance + ".log");
  }

  /** Runs the operator's jar (prod profile: leader election on), watching only {@code ns}. */
  private static Process start(RealApiServer api, String ns, Path log) throws IOException {
    Path jar = Path.of(System.getProperty("memkube.operator.jar"));
    assertTrue(Files.isRegularFile(jar), "run after package: " + jar + " is missing");
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(List.of(java, "-jar", jar.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().remove("MEMKUBE_LEADER_ELECTION_ENABLED");
    builder.environment().remove("HOSTNAME"); // each instance then elects under its own identity
    builder.environment().put("KUBECONFIG", api.kubeconfig().toString());
    builder.environment().put("QUARKUS_KUBERNETES_CLIENT_NAMESPACE", ns);
    builder.environment().put("QUARKUS_OPERATOR_SDK_NAMESPACES", ns);
    builder.environment().put("QUARKUS_HTTP_PORT", "0");
    System.out.println("operator log: " + log);
    return builder.start();
  }

  private static void stop(Process operator) throws InterruptedException {
    operator.destroy();
    if (!operator.waitFor(30, TimeUnit.SECONDS)) {
      operator.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
