package io.memkube.operator;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.api.v1alpha1.MemcachedClusterSpec;
import io.memkube.operator.config.OperatorSettings;
import io.memkube.operator.dependent.ClusterPlan;
import io.memkube.operator.scaling.RingPlan;
import io.memkube.operator.scaling.RingState;
import io.memkube.operator.scaling.ScalingStep;
import io.memkube.operator.spec.SpecDefaults;
import java.time.Duration;

/** MemcachedClusters and plans for tests. */
public final class TestClusters {

  public static final OperatorSettings SETTINGS = OperatorSettings.forTests(Duration.ofSeconds(2));

  private TestClusters() {}

  /** A cluster as a user writes it: only a name, a namespace and what the test sets. */
  public static MemcachedCluster cluster(String name, String namespace) {
    MemcachedCluster mc = new MemcachedCluster();
    mc.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(namespace)
            .withGeneration(1L)
            .withUid("uid-" + name)
            .build());
    mc.setSpec(new MemcachedClusterSpec());
    return mc;
  }

  /** The plan of a stable cluster of {@code spec.replicas} servers, all in the ring. */
  public static ClusterPlan stablePlan(MemcachedCluster mc) {
    MemcachedCluster withDefaults = SpecDefaults.applied(mc);
    int replicas = withDefaults.getSpec().getReplicas();
    return new ClusterPlan(
        withDefaults,
        SETTINGS,
        new RingPlan(replicas, RingState.of(replicas), ScalingStep.Stable, "stable", null));
  }
}
