package io.memkube.operator.dependent;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.operator.monitoring.PodMonitor;
import io.memkube.operator.monitoring.PodMonitorSpec;
import io.memkube.operator.naming.ClusterLabels;
import io.memkube.operator.naming.ClusterNames;
import java.util.List;

/**
 * PodMonitor {@code NAME-proxy} (Prometheus Operator): scrapes {@code /metrics} on the health port
 * of each memkube proxy pod. Only where that CRD is installed (the activation condition), metrics
 * are on and the proxy is memkube's own (mcrouter has no such endpoint).
 */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterLabels.MANAGED_SELECTOR))
public class ProxyPodMonitorDependent
    extends CRUDKubernetesDependentResource<PodMonitor, MemcachedCluster> {

  public ProxyPodMonitorDependent() {
    super(PodMonitor.class);
  }

  @Override
  protected PodMonitor desired(MemcachedCluster primary, Context<MemcachedCluster> context) {
    return desired(ClusterPlan.of(context));
  }

  static PodMonitor desired(ClusterPlan plan) {
    MemcachedCluster mc = plan.cluster();
    PodMonitorSpec spec = new PodMonitorSpec();
    spec.setSelector(
        new LabelSelectorBuilder()
            .withMatchLabels(ClusterLabels.selector(mc, ClusterLabels.PROXY))
            .build());
    spec.setPodMetricsEndpoints(
        List.of(
            new PodMonitorSpec.Endpoint(
                ProtocolProbes.HEALTH_PORT_NAME,
                ServiceMonitorDependent.METRICS_PATH,
                ServiceMonitorDependent.INTERVAL)));
    PodMonitor monitor = new PodMonitor();
    monitor.setMetadata(OwnedMetadata.of(mc, ClusterNames.proxy(mc), ClusterLabels.PROXY));
    monitor.setSpec(spec);
    return monitor;
  }
}
