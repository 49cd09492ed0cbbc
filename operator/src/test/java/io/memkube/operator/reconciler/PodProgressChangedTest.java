package io.memkube.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.memkube.operator.naming.ClusterLabels;
import org.junit.jupiter.api.Test;

/** Which pod updates reconcile the pod's cluster. */
class PodProgressChangedTest {

  private final PodProgressChanged filter = new PodProgressChanged();

  private static Pod running(String ready) {
    return running(ready, "cache");
  }

  private static Pod running(String ready, String component) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("web-0")
        .withResourceVersion("1")
        .addToLabels("controller-revision-hash", "r1")
        .addToLabels(ClusterLabels.COMPONENT, component)
        .endMetadata()
        .withNewSpec()
        .withNodeName("node-1")
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready)
        .withLastTransitionTime("2026-12-03T10:00:00Z")
        .endCondition()
        .addNewContainerStatus()
        .withName("cache-server")
        .withRestartCount(0)
        .withNewState()
        .withNewRunning()
        .withStartedAt("2026-12-03T09:59:58Z")
        .endRunning()
        .endState()
        .endContainerStatus()
        .endStatus()
        .build();
  }

  @Test
  void writesThatChangeNothingTheReconcilerReadsAreDropped() {
    Pod before = running("True");
    Pod now =
        new PodBuilder(before)
            .editMetadata()
            .withResourceVersion("2")
            .endMetadata()
            .editStatus()
            .withPhase("Succeeded")
            .withPodIP("198.51.100.7")
            .editFirstCondition()
            .withLastProbeTime("2026-12-03T10:01:00Z")
            .endCondition()
            .endStatus()
            .build();
    assertFalse(filter.accept(now, before));
  }

  @Test
  void readinessRevisionDeletionAndContainerStateGoThrough() {
    Pod before = running("True");
    assertTrue(filter.accept(running("False"), before), "Ready turned False");
    assertTrue(
        filter.accept(
            new PodBuilder(before)
                .editMetadata()
                .addToLabels("controller-revision-hash", "r2")
                .endMetadata()
                .build(),
            before),
        "another revision");
    assertTrue(
        filter.accept(
            new PodBuilder(before)
                .editMetadata()
                .withDeletionTimestamp("2026-12-03T10:02:00Z")
                .endMetadata()
                .build(),
            before),
        "being deleted");
    assertTrue(
        filter.accept(
            new PodBuilder(before)
                .editStatus()
                .editFirstContainerStatus()
                .withNewState()
                .withNewWaiting()
                .withReason("CrashLoopBackOff")
                .endWaiting()
                .endState()
                .endContainerStatus()
                .endStatus()
                .build(),
            before),
        "a fault the status names");
  }

  @Test
  void aProxysNodeAndWhetherItRunsGoThrough() {
    Pod before = running("False", ClusterLabels.PROXY);
    assertTrue(
        filter.accept(
            new PodBuilder(before).editStatus().withPhase("Pending").endStatus().build(), before),
        "which proxies run decides which must report");
    assertTrue(
        filter.accept(
            new PodBuilder(before).editSpec().withNodeName("node-2").endSpec().build(), before));
  }

  @Test
  void aNewPodReconcilesOnlyOnceItSaysSomething() {
    Pod created =
        new PodBuilder()
            .withNewMetadata()
            .withName("web-2")
            .addToLabels(ClusterLabels.COMPONENT, ClusterLabels.CACHE)
            .endMetadata()
            .withNewSpec()
            .endSpec()
            .build();
    assertFalse(
        PodProgressChanged.saysSomething(created),
        "created by the StatefulSet controller: nothing yet");
    assertTrue(PodProgressChanged.saysSomething(running("True")), "listed Ready (a relist)");
  }
}
