package io.memkube.operator.dependent;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.operator.naming.ClusterLabels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ingress rules both NetworkPolicies are made of. In a NetworkPolicy a rule without peers
 * admits everyone, so a data port whose peer list comes out empty gets no rule at all (closed),
 * never an empty one.
 */
final class ClusterNetworkPolicies {

  private ClusterNetworkPolicies() {}

  /** The user's {@code spec.networkPolicy.allowedClients}, never null. */
  static List<NetworkPolicyPeer> allowedClients(MemcachedCluster mc) {
    List<NetworkPolicyPeer> clients = mc.getSpec().getNetworkPolicy().getAllowedClients();
    return clients == null ? List.of() : clients;
  }

  /** The pods of one component of this cluster (a NetworkPolicy peer is namespace-local). */
  static NetworkPolicyPeer podsOf(MemcachedCluster mc, String component) {
    return new NetworkPolicyPeerBuilder()
        .withNewPodSelector()
        .withMatchLabels(ClusterLabels.selector(mc, component))
        .endPodSelector()
        .build();
  }

  /** A data port open to {@code peers} only: no rule when there are none. */
  static List<NetworkPolicyIngressRule> onlyFrom(List<NetworkPolicyPeer> peers, int port) {
    if (peers.isEmpty()) {
      return List.of();
    }
    return List.of(
        new NetworkPolicyIngressRuleBuilder().withFrom(peers).withPorts(tcp(port)).build());
  }

  /**
   * Ports open to every source: the probe and metrics ports, which carry no data, and are reached
   * by the kubelet (which some CNIs do subject to policy) and by a Prometheus in a namespace the
   * operator does not know.
   */
  static NetworkPolicyIngressRule fromAnywhere(int... ports) {
    List<NetworkPolicyPort> open = new ArrayList<>();
    Arrays.stream(ports).forEach(p -> open.add(tcp(p)));
    return new NetworkPolicyIngressRuleBuilder().withPorts(open).build();
  }

  private static NetworkPolicyPort tcp(int port) {
    return new NetworkPolicyPortBuilder()
        .withProtocol("TCP")
        .withPort(new IntOrString(port))
        .build();
  }
}
