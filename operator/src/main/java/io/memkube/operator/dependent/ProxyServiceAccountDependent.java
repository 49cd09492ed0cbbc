package io.memkube.operator.dependent;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.operator.naming.ClusterLabels;
import io.memkube.operator.naming.ClusterNames;

/**
 * ServiceAccount {@code NAME-proxy}: the identity of memkube's proxies, bound to {@link
 * ProxyRoleDependent}'s role and to nothing else.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterLabels.MANAGED_SELECTOR))
public class ProxyServiceAccountDependent
    extends CRUDKubernetesDependentResource<ServiceAccount, MemcachedCluster> {

  public ProxyServiceAccountDependent() {
    super(ServiceAccount.class);
  }

  @Override
  protected ServiceAccount desired(MemcachedCluster primary, Context<MemcachedCluster> context) {
    return desired(ClusterPlan.of(context));
  }

  static ServiceAccount desired(ClusterPlan plan) {
    MemcachedCluster mc = plan.cluster();
    return new ServiceAccountBuilder()
        .withMetadata(OwnedMetadata.of(mc, ClusterNames.proxy(mc), ClusterLabels.PROXY))
        // The proxy pods mount a token (their pod spec says so); other pods that would use this
        // account by name do not get one by default.
        .withAutomountServiceAccountToken(false)
        .build();
  }
}
