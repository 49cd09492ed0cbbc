package io.memkube.operator.dependent;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.memkube.api.v1alpha1.MemcachedCluster;

/**
 * The proxies' NetworkPolicy exists while both the policy and the proxy are on; otherwise it is
 * deleted (a policy left selecting no pods would only confuse).
 */
public class ProxyNetworkPolicyWantedCondition implements Condition<Object, MemcachedCluster> {

  @Override
  public boolean isMet(
      DependentResource<Object, MemcachedCluster> dependentResource,
      MemcachedCluster primary,
      Context<MemcachedCluster> context) {
    ClusterPlan plan = ClusterPlan.of(context);
    return plan.networkPolicyEnabled() && plan.proxyEnabled();
  }
}
