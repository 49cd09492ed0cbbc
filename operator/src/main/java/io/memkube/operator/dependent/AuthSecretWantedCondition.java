package io.memkube.operator.dependent;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.memkube.api.v1alpha1.MemcachedCluster;

/**
 * The generated auth Secret exists while auth is on and the user names no Secret of their own;
 * otherwise it is deleted.
 */
public class AuthSecretWantedCondition implements Condition<Object, MemcachedCluster> {

  @Override
  public boolean isMet(
      DependentResource<Object, MemcachedCluster> dependentResource,
      MemcachedCluster primary,
      Context<MemcachedCluster> context) {
    ClusterPlan plan = ClusterPlan.of(context);
    return plan.authEnabled() && plan.cluster().getSpec().getAuth().getSecretName() == null;
  }
}
