package io.memkube.operator.dependent;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.memkube.api.v1alpha1.MemcachedCluster;

/** Metrics on and {@code spec.metrics.serviceMonitor} true: otherwise the monitor is deleted. */
public class ServiceMonitorWantedCondition implements Condition<Object, MemcachedCluster> {

  @Override
  public boolean isMet(
      DependentResource<Object, MemcachedCluster> dependentResource,
      MemcachedCluster primary,
      Context<MemcachedCluster> context) {
    var metrics = ClusterPlan.of(context).cluster().getSpec().getMetrics();
    return metrics.getEnabled() && metrics.getServiceMonitor();
  }
}
