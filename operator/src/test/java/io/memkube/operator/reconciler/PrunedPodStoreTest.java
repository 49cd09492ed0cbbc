package io.memkube.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.memkube.operator.naming.ClusterLabels;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pods' cache keeps what the reconciler reads, and drops the rest. */
class PrunedPodStoreTest {

  private static Pod full() {
    return new PodBuilder()
        .withNewMetadata()
        .withName("web-0")
        .withNamespace("prod")
        .withResourceVersion("7")
        .addToLabels(ClusterLabels.COMPONENT, ClusterLabels.CACHE)
        .addToLabels("controller-revision-hash", "r1")
        .addNewManagedField()
        .withManager("kubelet")
        .endManagedField()
        .endMetadata()
        .withNewSpec()
        .withNodeName("node-1")
        .addNewContainer()
        .withName("cache-server")
        .withImage("memkube/cache-server:test")
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .withPodIP("198.51.100.7")
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .withLastTransitionTime("2026-12-03T10:00:00Z")
        .endCondition()
        .addNewContainerStatus()
        .withName("cache-server")
        .withImage("memkube/cache-server:test")
        .withNewState()
        .withNewWaiting()
        .withReason("CrashLoopBackOff")
        .endWaiting()
        .endState()
        .endContainerStatus()
        .endStatus()
        .build();
  }

  @Test
  void keepsWhatTheReconcilerAndTheFilterReadAndDropsTheRest() {
    PrunedPodStore store = new PrunedPodStore();
    Pod pod = full();
    String key = store.getKey(pod);
    assertEquals("prod/web-0", key);
    assertNull(store.put(key, pod));
    Pod kept = store.get(key);

    assertEquals(pod.getMetadata().getLabels(), kept.getMetadata().getLabels());
    assertEquals("7", kept.getMetadata().getResourceVersion());
    assertEquals("node-1", kept.getSpec().getNodeName());
    assertEquals(pod.getStatus().getConditions(), kept.getStatus().getConditions());
    assertEquals("Running", kept.getStatus().getPhase());
    assertEquals(
        "CrashLoopBackOff",
        kept.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason());
    assertEquals(List.of(), kept.getMetadata().getManagedFields());
    assertEquals(List.of(), kept.getSpec().getContainers());
    assertNull(kept.getStatus().getPodIP());
    assertFalse(
        new PodProgressChanged(p -> true).accept(pod, kept),
        "the filter sees no change between a pod and its pruned copy");
  }
}
