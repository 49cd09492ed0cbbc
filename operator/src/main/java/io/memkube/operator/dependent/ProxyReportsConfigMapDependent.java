package io.memkube.operator.dependent;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.operator.naming.ClusterLabels;
import io.memkube.operator.naming.ClusterNames;

/**
 * ConfigMap {@code NAME-proxy-status}: each of memkube's proxies writes the md5 of the config it
 * runs into it, under its node's name, and the operator reads it to know when every proxy has
 * moved. The operator only creates it (its data belongs to the proxies, so it is never updated,
 * which would wipe their reports); its events bring the reconciliation that sees a proxy move.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterLabels.MANAGED_SELECTOR))
public class ProxyReportsConfigMapDependent
    extends KubernetesDependentResource<ConfigMap, MemcachedCluster>
    implements Creator<ConfigMap, MemcachedCluster>, GarbageCollected<MemcachedCluster> {

  public ProxyReportsConfigMapDependent() {
    super(ConfigMap.class);
  }

  @Override
  protected ConfigMap desired(MemcachedCluster primary, Context<MemcachedCluster> context) {
    return desired(ClusterPlan.of(context));
  }

  static ConfigMap desired(ClusterPlan plan) {
    MemcachedCluster mc = plan.cluster();
    return new ConfigMapBuilder()
        .withMetadata(OwnedMetadata.of(mc, ClusterNames.proxyReports(mc), ClusterLabels.PROXY))
        .build();
  }
}
