package io.memkube.operator.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.api.v1alpha1.MemcachedClusterStatus;
import io.memkube.operator.TestClusters;
import io.memkube.operator.scaling.RingPlan;
import io.memkube.operator.scaling.RingState;
import io.memkube.operator.scaling.ScalingStep;
import io.memkube.operator.spec.SpecDefaults;
import io.memkube.operator.status.StatusAggregator.Blocked;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusAggregatorTest {

  private static final Instant T0 = Instant.parse("2026-11-28T06:00:00Z");
  private final StatusAggregator aggregator = new StatusAggregator("cluster.local");

  private static MemcachedCluster cluster() {
    return SpecDefaults.applied(TestClusters.cluster("web", "prod"));
  }

  private static ObservedState settled(int ready, int proxies) {
    var sts =
        new StatefulSetBuilder()
            .withNewMetadata()
            .withGeneration(2L)
            .endMetadata()
            .withNewSpec()
            .withReplicas(3)
            .endSpec()
            .withNewStatus()
            .withObservedGeneration(2L)
            .withReplicas(3)
            .withReadyReplicas(ready)
            .withUpdatedReplicas(3)
            .withCurrentRevision("r1")
            .withUpdateRevision("r1")
            .endStatus()
            .build();
    var ds =
        new DaemonSetBuilder()
            .withNewMetadata()
            .withGeneration(1L)
            .endMetadata()
            .withNewStatus()
            .withObservedGeneration(1L)
            .withDesiredNumberScheduled(proxies)
            .withNumberReady(proxies)
            .withUpdatedNumberScheduled(proxies)
            .endStatus()
            .build();
    return ObservedState.of(sts, ds);
  }

  private static RingPlan stable() {
    return new RingPlan(3, RingState.of(3), ScalingStep.Stable, "3 servers", null);
  }

  private static Condition condition(MemcachedClusterStatus status, String type) {
    return Conditions.find(status.getConditions(), type).orElseThrow();
  }

  @Test
  void readyClusterIsAvailableAndNotProgressingWithEverythingTheScaleSubresourceNeeds() {
    var status =
        aggregator.aggregate(cluster(), null, stable(), settled(3, 2), Blocked.NO, List.of(), T0);
    assertEquals(1L, status.getObservedGeneration());
    assertEquals(3, status.getReplicas());
    assertEquals(3, status.getReadyReplicas());
    assertEquals(
        "app.kubernetes.io/name=memkube,app.kubernetes.io/instance=web,app.kubernetes.io/component=cache",
        status.getSelector());
    assertEquals(2, status.getProxy().getReady());
    assertEquals(3, status.getProxy().getServers());
    assertEquals("web.prod.svc.cluster.local", status.getEndpoints().getServers());
    assertEquals("web-proxy.prod.svc.cluster.local", status.getEndpoints().getProxy());
    assertEquals("True", condition(status, "Available").getStatus());
    assertEquals("AllServersReady", condition(status, "Available").getReason());
    assertEquals("False", condition(status, "Progressing").getStatus());
    assertEquals("False", condition(status, "Degraded").getStatus());
    assertEquals("Ready", status.getPhase());
  }

  @Test
  void sameInputsGiveAnEqualStatusSoNothingIsPatchedTwice() {
    var first =
        aggregator.aggregate(cluster(), null, stable(), settled(3, 2), Blocked.NO, List.of(), T0);
    var second =
        aggregator.aggregate(
            cluster(), first, stable(), settled(3, 2), Blocked.NO, List.of(), T0.plusSeconds(60));
    assertEquals(first, second, "lastTransitionTime is kept while nothing changes");
  }

  @Test
  void scalingStepShowsInProgressing() {
    var plan =
        new RingPlan(
            5, RingState.of(3), ScalingStep.WaitingForNewServers, "waiting for pod web-3", null);
    var status =
        aggregator.aggregate(cluster(), null, plan, settled(3, 2), Blocked.NO, List.of(), T0);
    assertEquals("True", condition(status, "Progressing").getStatus());
    assertEquals("WaitingForNewServers", condition(status, "Progressing").getReason());
    assertEquals("waiting for pod web-3", condition(status, "Progressing").getMessage());
    assertEquals("Progressing", status.getPhase());
  }

  @Test
  void serversStillStartingAreProgressingNotDegraded() {
    var status =
        aggregator.aggregate(cluster(), null, stable(), settled(1, 2), Blocked.NO, List.of(), T0);
    assertEquals("False", condition(status, "Degraded").getStatus());
    assertEquals("True", condition(status, "Progressing").getStatus());
    assertEquals("ServersStarting", condition(status, "Progressing").getReason());
    assertEquals("False", condition(status, "Available").getStatus());
    assertEquals("Progressing", status.getPhase());
  }

  private static Pod pod(String name, PodCondition... conditions) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewStatus()
        .withConditions(conditions)
        .endStatus()
        .build();
  }

  @Test
  void aScaleUpThatCannotBeScheduledSaysWhyInProgressing() {
    var plan =
        new RingPlan(
            5, RingState.of(3), ScalingStep.WaitingForNewServers, "waiting for pod web-3", null);
    var unschedulable =
        pod(
            "web-3",
            new PodConditionBuilder()
                .withType("PodScheduled")
                .withStatus("False")
                .withReason("Unschedulable")
                .withMessage("0/1 nodes are available: 1 Insufficient cpu.")
                .build());
    var pods = ServerPods.of(List.of(pod("web-0"), unschedulable), T0);
    var status =
        aggregator.aggregate(cluster(), null, plan, settled(3, 2), pods, Blocked.NO, List.of(), T0);
    assertEquals("True", condition(status, "Progressing").getStatus());
    assertEquals("FailedScheduling", condition(status, "Progressing").getReason());
    assertEquals(
        "pod web-3 cannot be scheduled: 0/1 nodes are available: 1 Insufficient cpu.;"
            + " waiting for pod web-3",
        condition(status, "Progressing").getMessage());
    assertEquals("False", condition(status, "Degraded").getStatus());
  }

  @Test
  void aCrashLoopingServerIsDegraded() {
    var crashing =
        new PodBuilder(pod("web-1"))
            .editStatus()
            .addNewContainerStatus()
            .withName("cache-server")
            .withNewState()
            .withNewWaiting()
            .withReason("CrashLoopBackOff")
            .withMessage("back-off 40s restarting failed container")
            .endWaiting()
            .endState()
            .endContainerStatus()
            .endStatus()
            .build();
    var status =
        aggregator.aggregate(
            cluster(),
            null,
            stable(),
            settled(2, 2),
            ServerPods.of(List.of(crashing), T0),
            Blocked.NO,
            List.of(),
            T0);
    assertEquals("True", condition(status, "Degraded").getStatus());
    assertEquals("ServerFault", condition(status, "Degraded").getReason());
    assertEquals(
        "pod web-1: container cache-server CrashLoopBackOff (back-off 40s restarting failed"
            + " container)",
        condition(status, "Degraded").getMessage());
    assertEquals("Degraded", status.getPhase());
  }

  @Test
  void aRunningServerFailingReadinessForMinutesIsAFaultButNotJustAfterItStarted() {
    var notReady =
        new PodBuilder(
                pod(
                    "web-2",
                    new PodConditionBuilder()
                        .withType("Ready")
                        .withStatus("False")
                        .withLastTransitionTime("2026-11-28T05:59:00Z")
                        .build()))
            .editStatus()
            .addNewContainerStatus()
            .withName("cache-server")
            .withNewState()
            .withNewRunning()
            .endRunning()
            .endState()
            .endContainerStatus()
            .endStatus()
            .build();
    assertEquals(List.of(), ServerPods.of(List.of(notReady), T0).faults());
    assertEquals(
        List.of("pod web-2: running but not ready for 180 s (readiness probe failing)"),
        ServerPods.of(List.of(notReady), T0.plusSeconds(120)).faults());
  }

  @Test
  void invalidSpecIsDegradedWithTheProblemsAsMessage() {
    var status =
        aggregator.aggregate(
            cluster(),
            null,
            null,
            settled(3, 2),
            Blocked.INVALID,
            List.of("spec.resources.limits.memory (1Mi) is below spec.memory"),
            T0);
    assertEquals("InvalidSpec", condition(status, "Degraded").getReason());
    assertTrue(condition(status, "Degraded").getMessage().startsWith("spec.resources.limits"));
    assertEquals("Degraded", status.getPhase());
  }

  @Test
  void aCertificateCertManagerHasNotIssuedYetIsProgressingAndClientsAreToldTheTlsPort() {
    MemcachedCluster mc = TestClusters.cluster("web", "prod");
    mc.getSpec().setTls(new io.memkube.api.v1alpha1.TlsSpec());
    mc.getSpec().getTls().setIssuerRef(new io.memkube.api.v1alpha1.TlsSpec.IssuerRef("ca", null));
    var status =
        aggregator.aggregate(
            SpecDefaults.applied(mc),
            null,
            null,
            settled(0, 0),
            Blocked.CERTIFICATE_PENDING,
            List.of("Secret prod/web-tls ... waiting for cert-manager to issue it"),
            T0);
    assertEquals("CertificatePending", condition(status, "Progressing").getReason());
    assertEquals("False", condition(status, "Degraded").getStatus());
    assertEquals("Progressing", status.getPhase());
    assertEquals(5001, status.getEndpoints().getProxyPort());
  }

  @Test
  void pausedSaysSo() {
    var status =
        aggregator.aggregate(cluster(), null, null, settled(3, 2), Blocked.PAUSED, List.of(), T0);
    assertEquals("Paused", condition(status, "Progressing").getReason());
    assertEquals("Paused", status.getPhase());
  }

  @Test
  void unfinishedRolloutIsProgressingNotDegraded() {
    var sts =
        new StatefulSetBuilder()
            .withNewMetadata()
            .withGeneration(3L)
            .endMetadata()
            .withNewSpec()
            .withReplicas(3)
            .endSpec()
            .withNewStatus()
            .withObservedGeneration(3L)
            .withReplicas(3)
            .withReadyReplicas(2)
            .withUpdatedReplicas(1)
            .withCurrentRevision("r1")
            .withUpdateRevision("r2")
            .endStatus()
            .build();
    var status =
        aggregator.aggregate(
            cluster(), null, stable(), ObservedState.of(sts, null), Blocked.NO, List.of(), T0);
    assertEquals("RollingOut", condition(status, "Progressing").getReason());
    assertEquals("False", condition(status, "Degraded").getStatus());
  }
}
