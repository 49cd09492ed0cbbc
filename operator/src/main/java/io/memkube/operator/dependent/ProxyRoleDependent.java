package io.memkube.operator.dependent;

import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.operator.naming.ClusterLabels;
import io.memkube.operator.naming.ClusterNames;

/**
 * Role {@code NAME-proxy}: what a proxy may do, the least that works. It reads and watches its own
 * configuration ConfigMap (a watch limited to one name is a watch of the collection with a field
 * selector on that name, which RBAC matches against resourceNames), and patches its report into the
 * reports' ConfigMap. Nothing else: no other ConfigMap, no list, no Secret.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterLabels.MANAGED_SELECTOR))
public class ProxyRoleDependent extends CRUDKubernetesDependentResource<Role, MemcachedCluster> {

  public ProxyRoleDependent() {
    super(Role.class);
  }

  @Override
  protected Role desired(MemcachedCluster primary, Context<MemcachedCluster> context) {
    return desired(ClusterPlan.of(context));
  }

  static Role desired(ClusterPlan plan) {
    MemcachedCluster mc = plan.cluster();
    return new RoleBuilder()
        .withMetadata(OwnedMetadata.of(mc, ClusterNames.proxy(mc), ClusterLabels.PROXY))
        .addToRules(
            new PolicyRuleBuilder()
                .withApiGroups("")
                .withResources("configmaps")
                .withResourceNames(ClusterNames.proxy(mc))
                .withVerbs("get", "watch")
                .build(),
            new PolicyRuleBuilder()
                .withApiGroups("")
                .withResources("configmaps")
                .withResourceNames(ClusterNames.proxyReports(mc))
                .withVerbs("patch")
                .build())
        .build();
  }
}
