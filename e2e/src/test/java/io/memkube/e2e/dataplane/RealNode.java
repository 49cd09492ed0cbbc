package io.memkube.e2e.dataplane;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The local cluster's real node (e2e/bin/cluster with MEMKUBE_REAL_NODES=1): a kubelet whose pods
 * run, labelled {@code memkube.io/real-node=true} and tainted so that the API-level suites keep
 * their pods on the KWOK nodes. Data-plane workloads select it and tolerate the taint.
 */
record RealNode(String name, String ip) {

  static final String LABEL = "memkube.io/real-node";

  /** What a pod needs to run on the real node. */
  static final Map<String, String> NODE_SELECTOR = Map.of(LABEL, "true");

  static final List<Toleration> TOLERATIONS =
      List.of(
          new TolerationBuilder()
              .withKey(LABEL)
              .withOperator("Exists")
              .withEffect("NoSchedule")
              .build());

  /**
   * Puts a MemcachedCluster's servers and proxies on the real node (its nodeSelector and toleration
   * in {@code spec} and {@code spec.proxy}).
   */
  static void placeOnIt(Map<String, Object> spec, KubernetesSerialization serialization) {
    @SuppressWarnings("unchecked")
    Map<String, Object> proxy =
        (Map<String, Object>) spec.computeIfAbsent("proxy", k -> new HashMap<>());
    Object tolerations = serialization.convertValue(TOLERATIONS, List.class);
    for (Map<String, Object> part : List.of(spec, proxy)) {
      part.put("nodeSelector", new HashMap<>(NODE_SELECTOR));
      part.put("tolerations", tolerations);
    }
  }

  /**
   * The Ready real node; the test is skipped (with the reason) only when the cluster was started
   * without one on purpose, and fails when one was expected but is missing.
   */
  static RealNode find(KubernetesClient client) {
    assumeFalse(
        "0".equals(System.getenv("MEMKUBE_REAL_NODES")),
        "MEMKUBE_REAL_NODES=0: the cluster has no real node, so the data-plane suite does not run");
    List<Node> nodes = client.nodes().withLabel(LABEL, "true").list().getItems();
    Node node =
        nodes.stream()
            .filter(RealNode::isReady)
            .findFirst()
            .orElseGet(
                () ->
                    fail(
                        "no Ready node labelled "
                            + LABEL
                            + "=true (found "
                            + nodes.size()
                            + "): start the cluster with e2e/bin/cluster up, or set"
                            + " MEMKUBE_REAL_NODES=0 to skip the data-plane suite"));
    String ip =
        node.getStatus().getAddresses().stream()
            .filter(a -> "InternalIP".equals(a.getType()))
            .map(NodeAddress::getAddress)
            .findFirst()
            .orElseThrow(() -> new AssertionError("the real node has no InternalIP"));
    return new RealNode(node.getMetadata().getName(), ip);
  }

  private static boolean isReady(Node node) {
    return node.getStatus() != null
        && node.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
