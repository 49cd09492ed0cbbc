package io.memkube.operator.dependent;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.operator.image.BundledImage;

/**
 * Metrics on, {@code spec.metrics.serviceMonitor} true, the proxy on and memkube's own (another
 * image, e.g. mcrouter, serves no {@code /metrics}): otherwise the PodMonitor is deleted.
 */
public class ProxyPodMonitorWantedCondition implements Condition<Object, MemcachedCluster> {

  @Override
  public boolean isMet(
      DependentResource<Object, MemcachedCluster> dependentResource,
      MemcachedCluster primary,
      Context<MemcachedCluster> context) {
    return wanted(ClusterPlan.of(context));
  }

  static boolean wanted(ClusterPlan plan) {
    var spec = plan.cluster().getSpec();
    var metrics = spec.getMetrics();
    return metrics.getEnabled()
        && metrics.getServiceMonitor()
        && plan.proxyEnabled()
        && BundledImage.isBundled(spec.getProxy().getImage(), plan.settings().proxyImage());
  }
}
