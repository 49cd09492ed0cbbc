package io.memkube.operator.dependent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memkube.api.v1alpha1.PodDisruptionBudgetSpec;
import io.memkube.operator.TestClusters;
import org.junit.jupiter.api.Test;

/** PodDisruptionBudget and ServiceMonitor. */
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
    assertEquals(
        "cache", sm.getSpec().getSelector().getMatchLabels().get("app.kubernetes.io/component"));
  }
}
