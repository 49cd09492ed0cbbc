package io.memkube.operator.dependent;

import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.operator.naming.ClusterLabels;
import io.memkube.operator.naming.ClusterNames;

/** RoleBinding {@code NAME-proxy}: the proxies' ServiceAccount gets the proxies' Role. */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterLabels.MANAGED_SELECTOR))
public class ProxyRoleBindingDependent
    extends CRUDKubernetesDependentResource<RoleBinding, MemcachedCluster> {

  public ProxyRoleBindingDependent() {
    super(RoleBinding.class);
  }

  @Override
  protected RoleBinding desired(MemcachedCluster primary, Context<MemcachedCluster> context) {
    return desired(ClusterPlan.of(context));
  }

  static RoleBinding desired(ClusterPlan plan) {
    MemcachedCluster mc = plan.cluster();
    return new RoleBindingBuilder()
        .withMetadata(OwnedMetadata.of(mc, ClusterNames.proxy(mc), ClusterLabels.PROXY))
        .withNewRoleRef()
        .withApiGroup("rbac.authorization.k8s.io")
        .withKind("Role")
        .withName(ClusterNames.proxy(mc))
        .endRoleRef()
        .addNewSubject()
        .withKind("ServiceAccount")
        .withName(ClusterNames.proxy(mc))
        .withNamespace(mc.getMetadata().getNamespace())
        .endSubject()
        .build();
  }
}
