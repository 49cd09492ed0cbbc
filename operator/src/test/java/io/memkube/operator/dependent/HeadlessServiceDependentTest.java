package io.memkube.operator.dependent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.memkube.api.v1alpha1.MetricsSpec;
import io.memkube.operator.TestClusters;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeadlessServiceDependentTest {

  @Test
  void headlessServiceSelectsTheCachePodsOnPort11211AndHidesUnreadyOnes() {
    var mc = TestClusters.cluster("cache", "ns1");
    var svc = HeadlessServiceDependent.desired(TestClusters.stablePlan(mc));
    assertEquals("cache", svc.getMetadata().getName());
    assertEquals("ns1", svc.getMetadata().getNamespace());
    assertEquals("None", svc.getSpec().getClusterIP());
    assertNotEquals(Boolean.TRUE, svc.getSpec().getPublishNotReadyAddresses());
    assertEquals(
        Map.of(
            "app.kubernetes.io/name", "memkube",
            "app.kubernetes.io/instance", "cache",
            "app.kubernetes.io/component", "cache"),
        svc.getSpec().getSelector());
    assertEquals(1, svc.getSpec().getPorts().size());
    assertEquals(11211, svc.getSpec().getPorts().get(0).getPort());
    assertEquals(
        "memkube-operator", svc.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
  }

  @Test
  void metricsPortLeadsToTheHealthPortOfMemkubesServerAndToTheSidecarOfAnotherImage() {
    var mc = TestClusters.cluster("cache", "ns1");
    mc.getSpec().setMetrics(new MetricsSpec());
    mc.getSpec().getMetrics().setEnabled(true);
    var svc = HeadlessServiceDependent.desired(TestClusters.stablePlan(mc));
    assertEquals(2, svc.getSpec().getPorts().size());
    assertEquals("metrics", svc.getSpec().getPorts().get(1).getName());
    assertEquals(9150, svc.getSpec().getPorts().get(1).getPort());
    assertEquals(11212, svc.getSpec().getPorts().get(1).getTargetPort().getIntVal());
    mc.getSpec().setImage("memcached:1.6");
    svc = HeadlessServiceDependent.desired(TestClusters.stablePlan(mc));
    assertEquals(9150, svc.getSpec().getPorts().get(1).getTargetPort().getIntVal());
  }
}
