package io.memkube.operator.apiserver;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged operator (prod profile, where leader election is on) against a real API server:
 * {@code MEMKUBE_LEADER_ELECTION_ENABLED=false} makes it reconcile without ever taking the Lease,
 * and without the variable it takes the Lease.
 */
class LeaderElectionSwitchIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @Test
  void withLeaderElectionDisabledTheOperatorReconcilesWithoutTakingTheLease() throws Exception {
    RealApiServer api = RealApiServer.get();
    String ns = api.newNamespace("no-lease");
    Process operator = start(api, ns, Map.of("MEMKUBE_LEADER_ELECTION_ENABLED", "false"));
    try {
      awaitReconciled(api.client(), ns);
      assertNull(lease(api.client(), ns), "no Lease is taken when leader election is off");
    } finally {
      stop(operator);
    }
  }

  @Test
  void byDefaultThePackagedOperatorTakesTheLeaseBeforeReconciling() throws Exception {
    RealApiServer api = RealApiServer.get();
    String ns = api.newNamespace("lease");
    Process operator = start(api, ns, Map.of());
    try {
      awaitReconciled(api.client(), ns);
      assertTrue(lease(api.client(), ns) != null, "the prod profile takes the Lease");
    } finally {
      stop(operator);
    }
  }

  /** Runs the operator's jar, watching only {@code ns} and keeping its Lease (if any) there. */
  private static Process start(RealApiServer api, String ns, Map<String, String> env)
      throws IOException {
    Path jar = Path.of(System.getProperty("memkube.operator.jar"));
    assertTrue(Files.isRegularFile(jar), "run after package: " + jar + " is missing");
    String java = ProcessHandle.current().info().command().orElse("java");
    // Next to the build's output (target/), where CI keeps it when a run fails.
    Path log = jar.toAbsolutePath().getParent().resolveSibling("operator-" + ns + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(List.of(java, "-jar", jar.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().remove("MEMKUBE_LEADER_ELECTION_ENABLED");
    builder.environment().put("KUBECONFIG", api.kubeconfig().toString());
    builder.environment().put("QUARKUS_KUBERNETES_CLIENT_NAMESPACE", ns);
    builder.environment().put("QUARKUS_OPERATOR_SDK_NAMESPACES", ns);
    builder.environment().put("QUARKUS_HTTP_PORT", "0");
    builder.environment().putAll(env);
    System.out.println("operator log: " + log);
    return builder.start();
  }

  private static void awaitReconciled(KubernetesClient client, String ns) {
    MemcachedCluster mc = TestClusters.cluster("switch", ns);
    mc.getMetadata().setUid(null);
    mc.getMetadata().setGeneration(null);
    client.resource(mc).create();
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                client.resources(StatefulSet.class).inNamespace(ns).withName("switch").get()
                    != null);
  }

  private static Lease lease(KubernetesClient client, String ns) {
    return client.resources(Lease.class).inNamespace(ns).withName(LeaderElection.LEASE_NAME).get();
  }

  private static void stop(Process operator) throws InterruptedException {
    operator.destroy();
    if (!operator.waitFor(30, TimeUnit.SECONDS)) {
      operator.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
