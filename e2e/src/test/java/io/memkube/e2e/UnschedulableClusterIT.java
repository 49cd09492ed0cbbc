package io.memkube.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.api.v1alpha1.MemcachedClusterStatus;
import io.memkube.e2e.support.Examples;
import io.memkube.e2e.support.Kubectl;
import io.memkube.e2e.support.OperatorInstallation;
import io.memkube.e2e.support.TestNamespace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A cluster the real kube-scheduler cannot place (issue 13: status gives the reason for a stall):
 * the tutorial's cluster asking 100 CPUs per server, where the local control plane's KWOK nodes
 * have 32 (and the real node is tainted). The operator, installed as in {@link OperatorIT}, reports
 * {@code Progressing} with reason {@code FailedScheduling} and the scheduler's own message, and no
 * {@code Degraded}: the cluster waits for capacity, nothing in it is broken.
 */
class UnschedulableClusterIT {

  private static final String NAME = "memcached";
  private static final Duration CONVERGE = Duration.ofMinutes(2);

  @RegisterExtension static final TestNamespace namespace = new TestNamespace("e2e-unschedulable");

  private static OperatorInstallation installation;

  @BeforeAll
  static void installOperator() {
    installation = OperatorInstallation.install(namespace.client());
  }

  @AfterAll
  static void stopOperator() {
    if (installation != null) {
      installation.close();
    }
  }

  @Test
  void serversTheSchedulerCannotPlaceShowFailedSchedulingWithItsMessageAndNoDegraded() {
    Kubectl.Result applied =
        Kubectl.apply(
            namespace.name(),
            Examples.inNamespace(
                namespace.client().getKubernetesSerialization(),
                Examples.TUTORIAL,
                namespace.name(),
                // 100 CPUs per server: more than any node has
                (spec, s) -> spec.put("resources", Map.of("requests", Map.of("cpu", "100")))));
    assertTrue(applied.succeeded(), applied.stderr());

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              MemcachedCluster mcc = mcc();
              assertNotNull(mcc.getStatus(), "status");
              Condition progressing = condition(mcc, MemcachedClusterStatus.PROGRESSING);
              assertEquals("True", progressing.getStatus(), progressing.toString());
              assertEquals("FailedScheduling", progressing.getReason(), progressing.toString());
              // the scheduler's own words, as the pod it names carries them
              String message = progressing.getMessage();
              assertTrue(
                  serverPods().stream()
                      .anyMatch(
                          p ->
                              unschedulable(p)
                                  .map(
                                      m ->
                                          message.contains(
                                              "pod "
                                                  + p.getMetadata().getName()
                                                  + " cannot be scheduled: "
                                                  + m))
                                  .orElse(false)),
                  () -> "message " + message + " vs the pods' " + podConditions());
              assertTrue(message.contains("Insufficient cpu"), message);
              Condition degraded = condition(mcc, MemcachedClusterStatus.DEGRADED);
              assertEquals("False", degraded.getStatus(), degraded.toString());
              assertEquals("Progressing", mcc.getStatus().getPhase());
            });

    List<String> warnings =
        namespace.client().v1().events().inNamespace(namespace.name()).list().getItems().stream()
            .filter(e -> "Warning".equals(e.getType()))
            .filter(e -> "MemcachedCluster".equals(e.getInvolvedObject().getKind()))
            .map(Event::getMessage)
            .toList();
    assertEquals(List.of(), warnings, "Warning events about the cluster");
    System.out.println(
        "stalled cluster's Progressing: "
            + condition(mcc(), MemcachedClusterStatus.PROGRESSING).getMessage());
  }

  private static MemcachedCluster mcc() {
    return namespace
        .client()
        .resources(MemcachedCluster.class)
        .inNamespace(namespace.name())
        .withName(NAME)
        .get();
  }

  private static Condition condition(MemcachedCluster mcc, String type) {
    return mcc.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type));
  }

  private static List<Pod> serverPods() {
    return namespace.client().pods().inNamespace(namespace.name()).list().getItems().stream()
        .filter(p -> p.getMetadata().getName().matches(NAME + "-\\d+"))
        .toList();
  }

  /** The scheduler's message on a pod it could not place. */
  private static Optional<String> unschedulable(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getConditions() == null
        ? Optional.empty()
        : pod.getStatus().getConditions().stream()
            .filter(c -> "PodScheduled".equals(c.getType()))
            .filter(c -> "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason()))
            .map(PodCondition::getMessage)
            .findFirst();
  }

  private static String podConditions() {
    return serverPods().stream()
        .map(p -> p.getMetadata().getName() + " " + unschedulable(p).orElse("(scheduled)"))
        .toList()
        .toString();
  }
}
