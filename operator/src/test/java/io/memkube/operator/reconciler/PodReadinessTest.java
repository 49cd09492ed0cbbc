package io.memkube.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.operator.TestClusters;
import io.memkube.operator.scaling.RingState;
import io.memkube.operator.spec.SpecDefaults;
import java.time.Instant;
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
    assertFalse(PodReadiness.needed(cluster(false), sts(2, 2L, 3, 3, 3), null));
  }

  @Test
  void withoutTheProxyANewClusterHasNoPodsToList() {
    assertFalse(PodReadiness.needed(cluster(false), null, null));
  }

  @Test
  void podsThatAreNotAllReadyAreListedForTheirFaults() {
    MemcachedCluster mc = cluster(false);
    assertTrue(PodReadiness.needed(mc, sts(2, 2L, 3, 3, 2), null), "one pod not Ready");
    assertTrue(PodReadiness.needed(mc, sts(2, 2L, 3, 0, 0), null), "no pod yet: unschedulable?");
    assertTrue(PodReadiness.needed(mc, sts(2, 2L, 3, 4, 3), null), "a pod more than desired");
    assertTrue(
        PodReadiness.needed(mc, sts(3, 2L, 3, 3, 3), null), "the controller has not seen the spec");
    assertTrue(
        PodReadiness.needed(
            mc, new StatefulSetBuilder(sts(2, 2L, 3, 3, 3)).withStatus(null).build(), null));
  }

  /** A StatefulSet at rest: every pod Ready and updated, at revision r2. */
  private static StatefulSet settled(int replicas) {
    return new StatefulSetBuilder(sts(2, 2L, replicas, replicas, replicas))
        .editStatus()
        .withUpdatedReplicas(replicas)
        .withCurrentRevision("r2")
        .withUpdateRevision("r2")
        .endStatus()
        .build();
  }

  private static MemcachedCluster proxied(int replicas) {
    MemcachedCluster mc = cluster(true);
    mc.getSpec().setReplicas(replicas);
    return mc;
  }

  @Test
  void withTheProxyASettledStatefulSetAndARingAtRestNeedNoListAndTellEveryPod() {
    StatefulSet sts = settled(3);
    assertFalse(PodReadiness.needed(proxied(3), sts, RingState.of(3)));
    assertTrue(PodReadiness.allReady(sts).test(2));
    assertFalse(PodReadiness.allReady(sts).test(3));
    assertEquals("r2", PodReadiness.atUpdateRevision(sts).revision(0));
    assertNull(PodReadiness.atUpdateRevision(sts).revision(3));
  }

  @Test
  void withTheProxyScalingRollingOrAnOutdatedPodIsListed() {
    StatefulSet sts = settled(3);
    assertTrue(PodReadiness.needed(proxied(3), null, null), "a new cluster, as before");
    assertTrue(PodReadiness.needed(proxied(3), sts, null), "no ring written yet");
    assertTrue(PodReadiness.needed(proxied(3), sts, RingState.of(2)), "a server joins");
    assertTrue(PodReadiness.needed(proxied(4), sts, RingState.of(3)), "scaling up begins");
    assertTrue(
        PodReadiness.needed(proxied(3), sts, new RingState(3, 4, Instant.EPOCH)),
        "a removed server drains");
    assertTrue(
        PodReadiness.needed(proxied(3), sts, new RingState(3, null, null, 1)),
        "the roll restarts a server");
    assertTrue(
        PodReadiness.needed(proxied(3), sts, new RingState(3, null, null, null, Instant.EPOCH)),
        "a roll's step is under way");
    assertTrue(
        PodReadiness.needed(
            proxied(3),
            new StatefulSetBuilder(sts).editStatus().withUpdatedReplicas(2).endStatus().build(),
            RingState.of(3)),
        "a pod at an older revision");
    assertTrue(
        PodReadiness.needed(
            proxied(3),
            new StatefulSetBuilder(sts).editStatus().withCurrentRevision("r1").endStatus().build(),
            RingState.of(3)),
        "the roll has not finished");
    assertTrue(
        PodReadiness.needed(proxied(3), sts(2, 2L, 3, 3, 2), RingState.of(3)), "a pod not Ready");
  }
}
