package io.memkube.operator.dependent;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.memkube.api.v1alpha1.MemcachedCluster;

/** {@code spec.proxy.enabled}: when false, the proxy's objects are deleted. */
public class ProxyEnabledCondition implements Condition<Object, MemcachedCluster> {

  @Override
  public boolean isMet(
      DependentResource<Object, MemcachedCluster> dependentResource,
      MemcachedCluster primary,
      Context<MemcachedCluster> context) {
    return ClusterPlan.of(context).proxyEnabled();
  }
}
