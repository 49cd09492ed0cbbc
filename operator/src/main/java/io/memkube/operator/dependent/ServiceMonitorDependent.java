package io.memkube.operator.dependent;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GenericKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.operator.naming.ClusterLabels;
import io.memkube.operator.naming.ClusterNames;
import java.util.List;
import java.util.Map;

/**
 * ServiceMonitor {@code NAME} (Prometheus Operator): scrapes the exporter sidecars through the
 * headless Service. A generic resource, so the operator needs no Prometheus Operator library and
 * runs where that CRD is absent (the activation condition then skips it entirely).
 */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterLabels.MANAGED_SELECTOR))
public class ServiceMonitorDependent extends GenericKubernetesDependentResource<MemcachedCluster>
    implements Creator<GenericKubernetesResource, MemcachedCluster>,
        Updater<GenericKubernetesResource, MemcachedCluster>,
        GarbageCollected<MemcachedCluster> {

  static final GroupVersionKind GVK =
      new GroupVersionKind("monitoring.coreos.com", "v1", "ServiceMonitor");

  public ServiceMonitorDependent() {
    super(GVK);
  }

  @Override
  protected GenericKubernetesResource desired(
      MemcachedCluster primary, Context<MemcachedCluster> context) {
    return desired(ClusterPlan.of(context));
  }

  static GenericKubernetesResource desired(ClusterPlan plan) {
    MemcachedCluster mc = plan.cluster();
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(GVK.apiVersion())
        .withKind(GVK.getKind())
        .withMetadata(OwnedMetadata.of(mc, ClusterNames.servers(mc), ClusterLabels.CACHE))
        .addToAdditionalProperties(
            "spec",
            Map.of(
                "selector",
                Map.of("matchLabels", ClusterLabels.selector(mc, ClusterLabels.CACHE)),
                "endpoints",
                List.of(Map.of("port", "metrics", "interval", "30s"))))
        .build();
  }
}
