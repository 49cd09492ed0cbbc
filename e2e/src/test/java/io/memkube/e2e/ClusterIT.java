package io.memkube.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.memkube.e2e.support.Nodes;
import io.memkube.e2e.support.TestNamespace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the rest of the suite takes for granted from the cluster: enough Ready nodes, and workload
 * controllers that schedule pods which turn Ready (real kubelets, or KWOK's fake ones).
 */
class ClusterIT {

  /** The local cluster's size (e2e/bin/cluster), like a small real one. */
  static final int NODES = Integer.getInteger("memkube.e2e.nodes", 3);

  @RegisterExtension static final TestNamespace namespace = new TestNamespace("e2e-cluster");

  @Test
  void clusterHasTheExpectedNumberOfReadyNodes() {
    List<Node> nodes = namespace.client().nodes().list().getItems();
    long ready = nodes.stream().filter(ClusterIT::isReady).count();
    assertTrue(ready >= NODES, "Ready nodes: " + ready + " of " + nodes.size());
  }

  @Test
  void daemonSetRunsOneReadyPodPerNode() {
    Map<String, String> labels = Map.of("app", "probe-ds");
    namespace
        .client()
        .apps()
        .daemonSets()
        .inNamespace(namespace.name())
        .resource(
            new DaemonSetBuilder()
                .withNewMetadata()
                .withName("probe-ds")
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .withMatchLabels(labels)
                .endSelector()
                .withTemplate(template(labels))
                .endSpec()
                .build())
        .create();
    int nodes = Nodes.withoutTaints(namespace.client()).size();

    await()
        .atMost(Duration.ofMinutes(2))
        .untilAsserted(
            () -> {
              List<Pod> pods = readyPods(labels);
              Set<String> nodeNames =
                  pods.stream().map(p -> p.getSpec().getNodeName()).collect(Collectors.toSet());
              assertEquals(nodes, pods.size(), "ready pods");
              assertEquals(nodes, nodeNames.size(), "nodes with a ready pod");
            });
  }

  @Test
  void statefulSetPodsGetScheduledAndTurnReady() {
    Map<String, String> labels = Map.of("app", "probe-sts");
    namespace
        .client()
        .apps()
        .statefulSets()
        .inNamespace(namespace.name())
        .resource(
            new StatefulSetBuilder()
                .withNewMetadata()
                .withName("probe-sts")
                .endMetadata()
                .withNewSpec()
                .withReplicas(2)
                .withServiceName("probe-sts")
                .withPodManagementPolicy("Parallel")
                .withNewSelector()
                .withMatchLabels(labels)
                .endSelector()
                .withTemplate(template(labels))
                .endSpec()
                .build())
        .create();

    await()
        .atMost(Duration.ofMinutes(2))
        .untilAsserted(
            () ->
                assertEquals(
                    2,
                    namespace
                        .client()
                        .apps()
                        .statefulSets()
                        .inNamespace(namespace.name())
                        .withName("probe-sts")
                        .get()
                        .getStatus()
                        .getReadyReplicas()));
    assertEquals(2, readyPods(labels).size());
  }

  private List<Pod> readyPods(Map<String, String> labels) {
    return namespace
        .client()
        .pods()
        .inNamespace(namespace.name())
        .withLabels(labels)
        .list()
        .getItems()
        .stream()
        .filter(
            p ->
                p.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
        .toList();
  }

  private static PodTemplateSpec template(Map<String, String> labels) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("main")
        .withImage("registry.k8s.io/pause:3.10")
        .endContainer()
        .endSpec()
        .build();
  }

  private static boolean isReady(Node node) {
    return node.getStatus().getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
