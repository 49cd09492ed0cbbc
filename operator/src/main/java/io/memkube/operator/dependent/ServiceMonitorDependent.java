package io.memkube.operator.dependent;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.operator.monitoring.ServiceMonitor;
import io.memkube.operator.monitoring.ServiceMonitorSpec;
import io.memkube.operator.naming.ClusterLabels;
import io.memkube.operator.naming.ClusterNames;
import java.util.List;

/**
 * ServiceMonitor {@code NAME} (Prometheus Operator): scrapes the cache servers through the headless
 * Service's {@code metrics} port, which leads to memkube's own {@code /metrics} on the health port,
 * or to the exporter sidecar for another image. Only where that CRD is installed (the activation
 * condition) and metrics are on.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterLabels.MANAGED_SELECTOR))
public class ServiceMonitorDependent
    extends CRUDKubernetesDependentResource<ServiceMonitor, MemcachedCluster> {

  static final String METRICS_PATH = "/metrics";
  static final String INTERVAL = "30s";

  public ServiceMonitorDependent() {
    super(ServiceMonitor.class);
  }

  @Override
  protected ServiceMonitor desired(MemcachedCluster primary, Context<MemcachedCluster> context) {
    return desired(ClusterPlan.of(context));
  }

  static ServiceMonitor desired(ClusterPlan plan) {
    MemcachedCluster mc = plan.cluster();
    ServiceMonitorSpec spec = new ServiceMonitorSpec();
    spec.setSelector(
        new LabelSelectorBuilder()
            .withMatchLabels(ClusterLabels.selector(mc, ClusterLabels.CACHE))
            .build());
    spec.setEndpoints(
        List.of(
            new ServiceMonitorSpec.Endpoint(
                ClusterNames.METRICS_PORT_NAME, METRICS_PATH, INTERVAL)));
    ServiceMonitor monitor = new ServiceMonitor();
    monitor.setMetadata(OwnedMetadata.of(mc, ClusterNames.servers(mc), ClusterLabels.CACHE));
    monitor.setSpec(spec);
    return monitor;
  }
}
