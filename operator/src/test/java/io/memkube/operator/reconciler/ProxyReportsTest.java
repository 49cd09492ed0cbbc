package io.memkube.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.memkube.operator.TestClusters;
import io.memkube.operator.proxy.ProxyConfigRenderer;
import io.memkube.operator.scaling.ProxyAgreement;
import io.memkube.operator.scaling.RingState;
import io.memkube.proxy.configmodel.parse.ConfigReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The proxies' reports against the configuration the operator renders for a ring. */
class ProxyReportsTest {

  private static Pod proxyOn(String node) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("web-proxy-" + node)
        .endMetadata()
        .withNewSpec()
        .withNodeName(node)
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .endStatus()
        .build();
  }

  @Test
  void everyRunningProxyMustReportTheRingsConfigurationAndStaleNodesAreIgnored() {
    var mc = TestClusters.stablePlan(TestClusters.cluster("web", "prod")).cluster();
    String three = ConfigReader.md5(ProxyConfigRenderer.render(mc, 3, "cluster.local"));
    String four = ConfigReader.md5(ProxyConfigRenderer.render(mc, 4, "cluster.local"));
    ConfigMap reports =
        new ConfigMapBuilder().withData(Map.of("a", four, "b", three, "gone", three)).build();
    var agreement =
        ProxyReports.agreement(
            mc, List.of(proxyOn("a"), proxyOn("b"), proxyOn("c")), reports, "cluster.local");

    ProxyAgreement onFour = agreement.apply(RingState.of(4));
    assertFalse(onFour.confirmed());
    assertEquals(List.of("b"), onFour.behind());
    assertEquals(List.of("c"), onFour.silent(), "c never reported");
    assertEquals(1, onFour.agreeing());
    assertEquals(
        "1 of 3 proxies run it; still on an older one: b; not reporting: c", onFour.describe());

    var twoProxies = ProxyReports.agreement(mc, List.of(proxyOn("b")), reports, "cluster.local");
    assertTrue(
        twoProxies.apply(RingState.of(3)).confirmed(),
        "the stale entry of node 'gone' is not asked for");
  }
}
