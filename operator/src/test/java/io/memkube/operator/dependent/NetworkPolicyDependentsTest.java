package io.memkube.operator.dependent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.api.v1alpha1.NetworkPolicySpec;
import io.memkube.api.v1alpha1.ProxySpec;
import io.memkube.operator.TestClusters;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The NetworkPolicies NAME (cache pods) and NAME-proxy (proxy pods). */
class NetworkPolicyDependentsTest {

  private static final NetworkPolicyPeer APP =
      new NetworkPolicyPeerBuilder()
          .withNewPodSelector()
          .addToMatchLabels("app", "shop")
          .endPodSelector()
          .build();

  private static MemcachedCluster cluster(List<NetworkPolicyPeer> clients) {
    MemcachedCluster mc = TestClusters.cluster("c", "ns");
    mc.getSpec().setNetworkPolicy(new NetworkPolicySpec());
    mc.getSpec().getNetworkPolicy().setEnabled(true);
    mc.getSpec().getNetworkPolicy().setAllowedClients(clients);
    return mc;
  }

  private static NetworkPolicyIngressRule ruleFor(NetworkPolicy policy, int port) {
    return policy.getSpec().getIngress().stream()
        .filter(r -> r.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == port))
        .findFirst()
        .orElse(null);
  }

  @Test
  void cacheServersTakeDataOnlyFromTheClustersOwnProxies() {
    NetworkPolicy np =
        CacheNetworkPolicyDependent.desired(TestClusters.stablePlan(cluster(List.of(APP))));
    assertEquals("c", np.getMetadata().getName());
    assertEquals(List.of("Ingress"), np.getSpec().getPolicyTypes());
    assertEquals(
        "cache", np.getSpec().getPodSelector().getMatchLabels().get("app.kubernetes.io/component"));
    var data = ruleFor(np, 11211);
    assertEquals(1, data.getFrom().size(), "the application goes through the proxy");
    var proxies = data.getFrom().get(0).getPodSelector().getMatchLabels();
    assertEquals("proxy", proxies.get("app.kubernetes.io/component"));
    assertEquals("c", proxies.get("app.kubernetes.io/instance"));
  }

  @Test
  void healthAndMetricsPortsStayOpenBecauseTheyCarryNoData() {
    NetworkPolicy np = CacheNetworkPolicyDependent.desired(TestClusters.stablePlan(cluster(null)));
    assertTrue(ruleFor(np, 11212).getFrom().isEmpty());
    assertTrue(ruleFor(np, 9150).getFrom().isEmpty());
    NetworkPolicy proxy =
        ProxyNetworkPolicyDependent.desired(TestClusters.stablePlan(cluster(null)));
    assertTrue(ruleFor(proxy, 11212).getFrom().isEmpty());
  }

  @Test
  void withoutProxyTheListedClientsReachTheServersDirectly() {
    MemcachedCluster mc = cluster(List.of(APP));
    mc.getSpec().setProxy(new ProxySpec());
    mc.getSpec().getProxy().setEnabled(false);
    NetworkPolicy np = CacheNetworkPolicyDependent.desired(TestClusters.stablePlan(mc));
    assertEquals(List.of(APP), ruleFor(np, 11211).getFrom());
  }

  @Test
  void withoutProxyAndWithoutClientsTheDataPortGetsNoRuleRatherThanAnOpenOne() {
    MemcachedCluster mc = cluster(List.of());
    mc.getSpec().setProxy(new ProxySpec());
    mc.getSpec().getProxy().setEnabled(false);
    NetworkPolicy np = CacheNetworkPolicyDependent.desired(TestClusters.stablePlan(mc));
    assertNull(ruleFor(np, 11211), "an ingress rule without peers would admit everyone");
  }

  @Test
  void proxyPortAdmitsOnlyTheListedClients() {
    NetworkPolicy np =
        ProxyNetworkPolicyDependent.desired(TestClusters.stablePlan(cluster(List.of(APP))));
    assertEquals("c-proxy", np.getMetadata().getName());
    assertEquals(
        "proxy", np.getSpec().getPodSelector().getMatchLabels().get("app.kubernetes.io/component"));
    assertEquals(List.of(APP), ruleFor(np, 5000).getFrom());
  }

  @Test
  void proxyPortStaysOpenWhenNoClientsAreListedSoHostPortApplicationsKeepWorking() {
    NetworkPolicy np = ProxyNetworkPolicyDependent.desired(TestClusters.stablePlan(cluster(null)));
    assertTrue(ruleFor(np, 5000).getFrom().isEmpty());
  }
}
