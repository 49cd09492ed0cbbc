package io.memkube.operator.dependent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.api.v1alpha1.MetricsSpec;
import io.memkube.api.v1alpha1.PodDisruptionBudgetSpec;
import io.memkube.api.v1alpha1.ProxySpec;
import io.memkube.operator.TestClusters;
import org.junit.jupiter.api.Test;

/** PodDisruptionBudget, ServiceMonitor and the proxies' PodMonitor. */
class OtherDependentsTest {

  @Test
  void podDisruptionBudgetLimitsEvictionsOfCachePods() {
    var mc = TestClusters.cluster("c", "ns");
    mc.getSpec().setPodDisruptionBudget(new PodDisruptionBudgetSpec());
    mc.getSpec().getPodDisruptionBudget().setMaxUnavailable(2);
    var pdb = CachePodDisruptionBudgetDependent.desired(TestClusters.stablePlan(mc));
    assertEquals("c", pdb.getMetadata().getName());
    assertEquals(2, pdb.getSpec().getMaxUnavailable().getIntVal());
    assertEquals(
        "cache", pdb.getSpec().getSelector().getMatchLabels().get("app.kubernetes.io/component"));
  }

  @Test
  void serviceMonitorScrapesTheMetricsPortOfTheCachePods() {
    var sm =
        ServiceMonitorDependent.desired(TestClusters.stablePlan(TestClusters.cluster("c", "ns")));
    assertEquals("monitoring.coreos.com/v1", sm.getApiVersion());
    assertEquals("ServiceMonitor", sm.getKind());
    assertEquals("metrics", sm.getSpec().getEndpoints().get(0).port());
    assertEquals("/metrics", sm.getSpec().getEndpoints().get(0).path());
    assertEquals(
        "cache", sm.getSpec().getSelector().getMatchLabels().get("app.kubernetes.io/component"));
  }

  @Test
  void podMonitorScrapesTheHealthPortOfTheProxyPods() {
    var pm =
        ProxyPodMonitorDependent.desired(TestClusters.stablePlan(TestClusters.cluster("c", "ns")));
    assertEquals("monitoring.coreos.com/v1", pm.getApiVersion());
    assertEquals("PodMonitor", pm.getKind());
    assertEquals("c-proxy", pm.getMetadata().getName());
    assertEquals("health", pm.getSpec().getPodMetricsEndpoints().get(0).port());
    assertEquals("/metrics", pm.getSpec().getPodMetricsEndpoints().get(0).path());
    assertEquals(
        "proxy", pm.getSpec().getSelector().getMatchLabels().get("app.kubernetes.io/component"));
  }

  @Test
  void podMonitorIsWantedOnlyForMemkubesProxyWithMetricsOn() {
    var mc = TestClusters.cluster("c", "ns");
    assertFalse(ProxyPodMonitorWantedCondition.wanted(TestClusters.stablePlan(mc)));
    mc.getSpec().setMetrics(new MetricsSpec());
    mc.getSpec().getMetrics().setEnabled(true);
    mc.getSpec().getMetrics().setServiceMonitor(true);
    assertTrue(ProxyPodMonitorWantedCondition.wanted(TestClusters.stablePlan(mc)));
    // mcrouter serves no /metrics
    var mcrouter = new ProxySpec();
    mcrouter.setImage("mcrouter:latest");
    mc.getSpec().setProxy(mcrouter);
    assertFalse(ProxyPodMonitorWantedCondition.wanted(TestClusters.stablePlan(mc)));
  }
}
