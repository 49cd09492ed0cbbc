package io.memkube.operator.dependent;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.memkube.api.v1alpha1.MemcachedCluster;

/**
 * The generated auth Secret is created while auth is on and the user names no Secret of their own
 * (otherwise left as it is: see {@link AuthSecretDependent}).
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
