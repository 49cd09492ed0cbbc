package io.memkube.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.e2e.ring.RingRecorder;
import io.memkube.e2e.ring.RingTimeline;
import io.memkube.e2e.support.Examples;
import io.memkube.e2e.support.Kubectl;
import io.memkube.e2e.support.KubectlTable;
import io.memkube.e2e.support.Nodes;
import io.memkube.e2e.support.OperatorInstallation;
import io.memkube.e2e.support.ProxyValidator;
import io.memkube.e2e.support.StopAfterFirstFailure;
import io.memkube.e2e.support.TestNamespace;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator, installed from the shipped artifacts and run with its ServiceAccount's permissions,
 * on a real control plane: one cluster goes through its life (create, scale up and down, pause,
 * restart of the operator, delete), in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(StopAfterFirstFailure.class)
class OperatorIT {

  private static final String NAME = "memcached";
  private static final Duration CONVERGE = Duration.ofMinutes(2);

  @RegisterExtension static final TestNamespace namespace = new TestNamespace("e2e-operator");

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
  @Order(1)
  void exampleClusterGetsEveryObjectItOwns() {
    Kubectl.Result applied =
        Kubectl.apply(
            namespace.name(),
            Examples.inNamespace(
                namespace.client().getKubernetesSerialization(),
                Examples.TUTORIAL,
                namespace.name()));
    assertTrue(applied.succeeded(), applied.stderr());
    MemcachedCluster mcc = awaitReady(3);
    assertEquals(NAME, mcc.getMetadata().getName(), "the example's cluster");

    KubernetesClient client = namespace.client();
    String ns = namespace.name();
    assertOwnedBy(mcc, client.apps().statefulSets().inNamespace(ns).withName(NAME).get());
    var headless = client.services().inNamespace(ns).withName(NAME).get();
    assertOwnedBy(mcc, headless);
    assertEquals("None", headless.getSpec().getClusterIP(), "headless Service");
    assertOwnedBy(mcc, client.configMaps().inNamespace(ns).withName(NAME + "-proxy").get());
    assertOwnedBy(
        mcc, client.policy().v1().podDisruptionBudget().inNamespace(ns).withName(NAME).get());
    DaemonSet proxy = client.apps().daemonSets().inNamespace(ns).withName(NAME + "-proxy").get();
    assertOwnedBy(mcc, proxy);

    int nodes = Nodes.withoutTaints(client).size();
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              var pods =
                  client.pods().inNamespace(ns).list().getItems().stream()
                      .filter(p -> isOwnedBy(p, "DaemonSet", NAME + "-proxy"))
                      .filter(OperatorIT::isReady)
                      .toList();
              assertEquals(nodes, pods.size(), "ready proxy pods");
              assertEquals(
                  nodes,
                  pods.stream()
                      .map(p -> p.getSpec().getNodeName())
                      .collect(Collectors.toSet())
                      .size(),
                  "nodes with a proxy");
            });
  }

  @Test
  @Order(2)
  void printerColumnsShowTheReadyCluster() {
    int nodes = Nodes.withoutTaints(namespace.client()).size();
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              Map<String, String> row =
                  KubectlTable.parse(Kubectl.ok("get", "mcc", NAME, "-n", namespace.name()))
                      .single();
              assertEquals("3", row.get("REPLICAS"), row::toString);
              assertEquals("3", row.get("READY"), row::toString);
              assertEquals("64Mi", row.get("MEMORY"), row::toString);
              assertEquals(String.valueOf(nodes), row.get("PROXY"), row::toString);
              assertEquals("Ready", row.get("STATUS"), row::toString);
            });
  }

  @Test
  @Order(3)
  void proxyConfigPassesTheRealProxysValidator() {
    ProxyValidator.validate(
        namespace
            .client()
            .configMaps()
            .inNamespace(namespace.name())
            .withName(NAME + "-proxy")
            .get());
  }

  @Test
  @Order(4)
  void scaleUpThenDownKeepsTheRingSafe() {
    try (RingRecorder recorder = RingRecorder.start(namespace.client(), namespace.name(), NAME)) {
      Kubectl.ok("scale", "mcc/" + NAME, "--replicas=5", "-n", namespace.name());
      awaitReady(5);
      awaitTimeline(recorder, Set.of(0, 1, 2, 3, 4), 5);

      Kubectl.ok("scale", "mcc/" + NAME, "--replicas=2", "-n", namespace.name());
      awaitReady(2);
      RingTimeline timeline = awaitTimeline(recorder, Set.of(0, 1), 2);
      assertEquals(List.of(), timeline.violations(), timeline.describe());
      assertTrue(
          timeline.states().stream()
              .anyMatch(s -> s.replicas() == 5 && s.configServers().size() == 5),
          "the scale to 5 was observed:\n" + timeline.describe());
    }
  }

  @Test
  @Order(5)
  void cacheServerSettingChangeRollsOnePodAtATime() {
    String ns = namespace.name();
    int replicas = statefulSet().getSpec().getReplicas();
    String revision = statefulSet().getStatus().getUpdateRevision();
    try (RingRecorder recorder = RingRecorder.start(namespace.client(), ns, NAME)) {
      Kubectl.ok(
          "patch", "mcc/" + NAME, "-n", ns, "--type=merge", "-p", "{\"spec\":{\"threads\":2}}");
      await()
          .atMost(CONVERGE)
          .untilAsserted(
              () -> {
                var status = statefulSet().getStatus();
                assertTrue(
                    !revision.equals(status.getUpdateRevision()), "the pod template changed");
                assertEquals(status.getUpdateRevision(), status.getCurrentRevision(), "rolled out");
                assertEquals(replicas, status.getUpdatedReplicas(), "updated pods");
              });
      awaitReady(replicas);
      RingTimeline timeline = recorder.timeline();
      assertEquals(1, timeline.maxUnavailable(replicas), timeline.describe());
      assertEquals(List.of(), timeline.violations(), timeline.describe());
    }
  }

  @Test
  @Order(6)
  void pausedClusterIsLeftAsItIs() throws InterruptedException {
    String ns = namespace.name();
    Kubectl.ok("annotate", "mcc/" + NAME, "memkube.io/paused=true", "--overwrite", "-n", ns);
    await().atMost(CONVERGE).until(() -> "Paused".equals(phase()));
    Kubectl.ok("scale", "mcc/" + NAME, "--replicas=3", "-n", ns);

    // Nothing may happen while paused: give the operator time to (wrongly) act, then look.
    Thread.sleep(Duration.ofSeconds(10));
    assertEquals(2, statefulSet().getSpec().getReplicas(), "StatefulSet changed while paused");

    Kubectl.ok("annotate", "mcc/" + NAME, "memkube.io/paused-", "-n", ns);
    awaitReady(3);
  }

  @Test
  @Order(7)
  void operatorRestartedMidScaleConverges() {
    try (RingRecorder recorder = RingRecorder.start(namespace.client(), namespace.name(), NAME)) {
      Kubectl.ok("scale", "mcc/" + NAME, "--replicas=4", "-n", namespace.name());
      await().atMost(CONVERGE).until(() -> statefulSet().getSpec().getReplicas() == 4);
      installation.operator().kill();
      installation.start();
      awaitReady(4);
      RingTimeline timeline = awaitTimeline(recorder, Set.of(0, 1, 2, 3), 4);
      assertEquals(List.of(), timeline.violations(), timeline.describe());
    }
  }

  @Test
  @Order(8)
  void healthAndMetricsEndpointsAnswer() throws Exception {
    HttpResponse<String> live = installation.operator().get("/q/health/live");
    assertEquals(200, live.statusCode(), live.body());
    HttpResponse<String> ready = installation.operator().get("/q/health/ready");
    assertEquals(200, ready.statusCode(), ready.body());
    HttpResponse<String> metrics = installation.operator().get("/q/metrics");
    assertEquals(200, metrics.statusCode());
    assertTrue(metrics.body().contains("# TYPE"), "Prometheus text format");
  }

  @Test
  @Order(9)
  void deletingTheClusterGarbageCollectsWhatItOwned() {
    KubernetesClient client = namespace.client();
    String ns = namespace.name();
    Kubectl.ok("delete", "mcc/" + NAME, "-n", ns, "--wait=true", "--timeout=120s");
    List<Supplier<HasMetadata>> owned =
        List.of(
            () -> client.apps().statefulSets().inNamespace(ns).withName(NAME).get(),
            () -> client.apps().daemonSets().inNamespace(ns).withName(NAME + "-proxy").get(),
            () -> client.services().inNamespace(ns).withName(NAME).get(),
            () -> client.services().inNamespace(ns).withName(NAME + "-proxy").get(),
            () -> client.configMaps().inNamespace(ns).withName(NAME + "-proxy").get(),
            () -> client.policy().v1().podDisruptionBudget().inNamespace(ns).withName(NAME).get());
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              for (Supplier<HasMetadata> get : owned) {
                HasMetadata left = get.get();
                assertEquals(
                    null,
                    left,
                    () -> "still there: " + left.getKind() + " " + left.getMetadata().getName());
              }
              assertEquals(0, client.pods().inNamespace(ns).list().getItems().size(), "pods left");
            });
  }

  // --- helpers ---

  /** Waits until the cluster reports {@code replicas} ready servers, all in the proxy config. */
  private static MemcachedCluster awaitReady(int replicas) {
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              MemcachedCluster mcc = mcc();
              assertNotNull(mcc.getStatus(), "status");
              assertEquals(
                  mcc.getMetadata().getGeneration(), mcc.getStatus().getObservedGeneration());
              assertEquals(replicas, mcc.getStatus().getReadyReplicas(), "ready replicas");
              assertEquals(
                  replicas, mcc.getStatus().getProxy().getServers(), "servers in the proxy config");
              assertEquals("Ready", mcc.getStatus().getPhase());
            });
    return mcc();
  }

  private static RingTimeline awaitTimeline(
      RingRecorder recorder, Set<Integer> servers, int replicas) {
    await()
        .atMost(CONVERGE)
        .until(
            () -> {
              RingTimeline.State last = recorder.timeline().last();
              Set<Integer> ordinals =
                  IntStream.range(0, replicas).boxed().collect(Collectors.toSet());
              return last.configServers().equals(servers)
                  && last.replicas() == replicas
                  && last.readyPods().equals(ordinals);
            });
    return recorder.timeline();
  }

  private static MemcachedCluster mcc() {
    return namespace
        .client()
        .resources(MemcachedCluster.class)
        .inNamespace(namespace.name())
        .withName(NAME)
        .get();
  }

  private static String phase() {
    MemcachedCluster mcc = mcc();
    return mcc.getStatus() == null ? null : mcc.getStatus().getPhase();
  }

  private static StatefulSet statefulSet() {
    return namespace
        .client()
        .apps()
        .statefulSets()
        .inNamespace(namespace.name())
        .withName(NAME)
        .get();
  }

  private static void assertOwnedBy(MemcachedCluster owner, HasMetadata object) {
    assertNotNull(object, "missing object");
    List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
    assertTrue(
        refs.stream()
            .anyMatch(
                r ->
                    owner.getMetadata().getUid().equals(r.getUid())
                        && Boolean.TRUE.equals(r.getController())),
        object.getKind()
            + " "
            + object.getMetadata().getName()
            + " is not controlled by the MemcachedCluster: "
            + refs);
  }

  private static boolean isOwnedBy(HasMetadata object, String kind, String name) {
    return object.getMetadata().getOwnerReferences().stream()
        .anyMatch(r -> kind.equals(r.getKind()) && name.equals(r.getName()));
  }

  private static boolean isReady(io.fabric8.kubernetes.api.model.Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
