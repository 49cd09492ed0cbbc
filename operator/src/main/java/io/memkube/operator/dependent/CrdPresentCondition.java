package io.memkube.operator.dependent;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.memkube.api.v1alpha1.MemcachedCluster;
import java.time.Duration;
import java.time.Instant;

/**
 * Activation condition of a dependent of another operator's kind: its CRD is installed. While it is
 * absent the SDK neither watches nor creates such objects. The answer is cached for a minute, so
 * installing Prometheus later is noticed without a restart and without a lookup per reconcile.
 */
abstract class CrdPresentCondition implements Condition<Object, MemcachedCluster> {

  private static final Duration RECHECK = Duration.ofMinutes(1);

  private final String crdName;
  private volatile boolean present;
  private volatile Instant checkedAt = Instant.EPOCH;

  CrdPresentCondition(String crdName) {
    this.crdName = crdName;
  }

  @Override
  public boolean isMet(
      DependentResource<Object, MemcachedCluster> dependentResource,
      MemcachedCluster primary,
      Context<MemcachedCluster> context) {
    Instant now = Instant.now();
    if (!present && now.isAfter(checkedAt.plus(RECHECK))) {
      present =
          context.getClient().resources(CustomResourceDefinition.class).withName(crdName).get()
              != null;
      checkedAt = now;
    }
    return present;
  }
}
