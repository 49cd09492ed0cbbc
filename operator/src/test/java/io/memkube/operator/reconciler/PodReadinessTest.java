package io.memkube.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.operator.TestClusters;
import io.memkube.operator.spec.SpecDefaults;
import org.junit.jupiter.api.Test;

/**
 * When a reconciliation lists the cache pods: each LIST makes the API server pass over every pod of
 * the namespace (docs/operator.md, "Efficiency"), so only when a pod can tell something the
 * StatefulSet's status does not.
 */
class PodReadinessTest {

  private static MemcachedCluster cluster(boolean proxy) {
    MemcachedCluster mc = TestClusters.cluster("c", "ns");
    MemcachedCluster withDefaults = SpecDefaults.applied(mc);
    withDefaults.getSpec().getProxy().setEnabled(proxy);
    return withDefaults;
  }

  private static StatefulSet sts(
      long generation, Long observed, int replicas, int current, int ready) {
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName("c")
        .withGeneration(generation)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .endSpec()
        .withNewStatus()
        .withObservedGeneration(observed)
        .withReplicas(current)
        .withReadyReplicas(ready == 0 ? null : ready)
        .endStatus()
        .build();
  }

  @Test
  void withoutTheProxyAStatefulSetWithEveryPodReadyNeedsNoList() {
    assertFalse(PodReadiness.needed(cluster(false), sts(2, 2L, 3, 3, 3)));
  }

  @Test
  void withoutTheProxyANewClusterHasNoPodsToList() {
    assertFalse(PodReadiness.needed(cluster(false), null));
  }

  @Test
  void podsThatAreNotAllReadyAreListedForTheirFaults() {
    MemcachedCluster mc = cluster(false);
    assertTrue(PodReadiness.needed(mc, sts(2, 2L, 3, 3, 2)), "one pod not Ready");
    assertTrue(PodReadiness.needed(mc, sts(2, 2L, 3, 0, 0)), "no pod yet: unschedulable?");
    assertTrue(PodReadiness.needed(mc, sts(2, 2L, 3, 4, 3)), "a pod more than desired");
    assertTrue(
        PodReadiness.needed(mc, sts(3, 2L, 3, 3, 3)), "the controller has not seen the spec");
    assertTrue(
        PodReadiness.needed(
            mc, new StatefulSetBuilder(sts(2, 2L, 3, 3, 3)).withStatus(null).build()));
  }

  @Test
  void withTheProxyScalingAndRollingReadEveryPodAlways() {
    assertTrue(PodReadiness.needed(cluster(true), sts(2, 2L, 3, 3, 3)));
  }
}
