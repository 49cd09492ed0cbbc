package io.memkube.operator.dependent;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.memkube.api.v1alpha1.MemcachedCluster;

/**
 * The proxy is on and is memkube's own: only then do the proxies get an identity to read their
 * ConfigMap through the API and report the config they run. Another image (mcrouter) would not use
 * it, so it gets none.
 */
public class MemkubeProxyCondition implements Condition<Object, MemcachedCluster> {

  @Override
  public boolean isMet(
      DependentResource<Object, MemcachedCluster> dependentResource,
      MemcachedCluster primary,
      Context<MemcachedCluster> context) {
    return ClusterPlan.of(context).memkubeProxy();
  }
}
