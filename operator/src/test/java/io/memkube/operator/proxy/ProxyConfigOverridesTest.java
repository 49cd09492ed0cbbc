package io.memkube.operator.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.api.v1alpha1.RoutingSpec;
import io.memkube.operator.TestClusters;
import io.memkube.operator.spec.SpecDefaults;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The operator checks a rawConfig or configPatch with the proxy's own reader (proxy/config-model)
 * before it writes the config: what it refuses names the route or field at fault.
 */
class ProxyConfigOverridesTest {

  private static Optional<String> refusal(MemcachedCluster mc) {
    RoutingSpec routing = mc.getSpec().getProxy().getRouting();
    return ProxyConfigOverrides.refusal(
        routing, ProxyConfigRenderer.render(mc, 3, "cluster.local"));
  }

  private static MemcachedCluster cluster() {
    return SpecDefaults.applied(TestClusters.cluster("web", "prod"));
  }

  @Test
  void aRawConfigWithAHandleTheProxyDoesNotHaveIsRefusedByName() {
    MemcachedCluster mc = cluster();
    mc.getSpec()
        .getProxy()
        .getRouting()
        .setRawConfig(
            """
            {"pools": {"A": {"servers": ["192.0.2.7:11211"]}},
             "route": {"type": "AllSyncRoute",
                       "children": ["PoolRoute|A", {"type": "BigValueRoute"}]}}
            """);
    assertEquals(
        Optional.of(
            "the proxy refuses the config spec.proxy.routing.rawConfig makes, so the proxies keep"
                + " the one they run: $.route.children[1].type: mcrouter's BigValueRoute is not"
                + " supported by memkube-proxy: splitting large values over several keys is not"
                + " implemented"),
        refusal(mc));
  }

  @Test
  void aRawConfigThatHashesClientsWithOriginalClientHashRoutePasses() {
    MemcachedCluster mc = cluster();
    mc.getSpec()
        .getProxy()
        .getRouting()
        .setRawConfig(
            """
            {"pools": {"A": {"servers": ["192.0.2.7:11211"]}, "B": {"servers": ["192.0.2.8:11211"]}},
             "route": {"type": "OriginalClientHashRoute",
                       "children": ["PoolRoute|A", "PoolRoute|B"], "offset": 1}}
            """);
    assertEquals(Optional.empty(), refusal(mc));
  }

  @Test
  void aPatchThatBreaksTheGeneratedConfigIsRefusedNamingTheField() {
    MemcachedCluster mc = cluster();
    mc.getSpec().getProxy().getRouting().setConfigPatch("{\"route\": {\"pool\": \"nope\"}}");
    String why = refusal(mc).orElseThrow();
    assertTrue(
        why.endsWith(
            "configPatch makes, so the proxies keep the one they run:"
                + " $.route.pool: no pool named 'nope' in $.pools"),
        why);
  }

  @Test
  void aPatchTheProxyAcceptsAndTheGeneratedConfigPass() {
    MemcachedCluster mc = cluster();
    assertEquals(Optional.empty(), refusal(mc));
    mc.getSpec()
        .getProxy()
        .getRouting()
        .setConfigPatch(ProxyValidatesGeneratedConfigTest.SHADOWS_PATCH);
    assertEquals(Optional.empty(), refusal(mc));
  }

  @Test
  void aRawConfigMayNotImportAFileTheOperatorWouldRead() {
    MemcachedCluster mc = cluster();
    mc.getSpec()
        .getProxy()
        .getRouting()
        .setRawConfig(
            "{\"pools\": {\"A\": \"@import(/etc/hostname)\"}, \"route\": \"PoolRoute|A\"}");
    assertTrue(refusal(mc).orElseThrow().contains("$.pools.A: @import is not possible"));
  }
}
