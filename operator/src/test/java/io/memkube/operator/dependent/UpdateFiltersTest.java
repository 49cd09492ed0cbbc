package io.memkube.operator.dependent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.operator.TestClusters;
import io.memkube.operator.reconciler.ClusterSpecOrMetadataChanged;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpdateFiltersTest {

  private static StatefulSet sts(int ready, int available, long observedGeneration) {
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName("c")
        .withGeneration(1L)
        .withResourceVersion(ready + "-" + available)
        .endMetadata()
        .withNewSpec()
        .withReplicas(3)
        .endSpec()
        .withNewStatus()
        .withReplicas(3)
        .withReadyReplicas(ready)
        .withAvailableReplicas(available)
        .withCurrentReplicas(3)
        .withUpdatedReplicas(3)
        .withObservedGeneration(observedGeneration)
        .withCurrentRevision("r1")
        .withUpdateRevision("r1")
        .endStatus()
        .build();
  }

  @Test
  void aStatefulSetStatusUpdateThatChangesNoObservedCountIsDropped() {
    assertFalse(new StatefulSetProgressChanged().accept(sts(2, 2, 1), sts(2, 1, 1)));
  }

  @Test
  void aStatefulSetUpdateWithAnotherReadyCountOrGenerationPasses() {
    assertTrue(new StatefulSetProgressChanged().accept(sts(3, 2, 1), sts(2, 2, 1)));
    StatefulSet newSpec = sts(2, 2, 1);
    newSpec.getMetadata().setGeneration(2L);
    assertTrue(new StatefulSetProgressChanged().accept(newSpec, sts(2, 2, 1)));
  }

  private static PodDisruptionBudget pdb(int healthy) {
    return new PodDisruptionBudgetBuilder()
        .withNewMetadata()
        .withName("c")
        .withGeneration(1L)
        .withLabels(Map.of("a", "b"))
        .endMetadata()
        .withNewStatus()
        .withCurrentHealthy(healthy)
        .endStatus()
        .build();
  }

  @Test
  void aPodDisruptionBudgetStatusUpdateIsDroppedAndALabelChangePasses() {
    assertFalse(new PodDisruptionBudgetChanged().accept(pdb(3), pdb(2)));
    PodDisruptionBudget relabelled = pdb(3);
    relabelled.getMetadata().setLabels(Map.of("a", "c"));
    assertTrue(new PodDisruptionBudgetChanged().accept(relabelled, pdb(3)));
  }

  @Test
  void aClusterPassesOnSpecOrAnnotationChangesButNotOnItsOwnStatus() {
    MemcachedCluster before = TestClusters.cluster("c", "ns");
    MemcachedCluster statusOnly = TestClusters.cluster("c", "ns");
    statusOnly.setStatus(new io.memkube.api.v1alpha1.MemcachedClusterStatus());
    var filter = new ClusterSpecOrMetadataChanged();
    assertFalse(filter.accept(statusOnly, before));

    MemcachedCluster scaled = TestClusters.cluster("c", "ns");
    scaled.getMetadata().setGeneration(2L);
    assertTrue(filter.accept(scaled, before));

    MemcachedCluster paused = TestClusters.cluster("c", "ns");
    paused.getMetadata().setAnnotations(Map.of("memkube.io/paused", "true"));
    assertTrue(filter.accept(paused, before));

    MemcachedCluster deleting = TestClusters.cluster("c", "ns");
    deleting.getMetadata().setDeletionTimestamp("2026-12-03T05:00:00Z");
    assertTrue(filter.accept(deleting, before));
  }
}
