package io.memkube.operator.dependent;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.operator.naming.ClusterLabels;
import io.memkube.operator.naming.ClusterNames;

/** Service {@code NAME-proxy} (ClusterIP): the proxies, for clients that do not use hostPort. */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterLabels.MANAGED_SELECTOR))
public class ProxyServiceDependent
    extends CRUDKubernetesDependentResource<Service, MemcachedCluster> {

  public ProxyServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service desired(MemcachedCluster primary, Context<MemcachedCluster> context) {
    return desired(ClusterPlan.of(context));
  }

  static Service desired(ClusterPlan plan) {
    MemcachedCluster mc = plan.cluster();
    int port = mc.getSpec().getProxy().getPort();
    return new ServiceBuilder()
        .withMetadata(OwnedMetadata.of(mc, ClusterNames.proxy(mc), ClusterLabels.PROXY))
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(ClusterLabels.selector(mc, ClusterLabels.PROXY))
        .addNewPort()
        .withName("memcache")
        .withPort(port)
        .withTargetPort(new IntOrString(port))
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }
}
