package io.memkube.operator.dependent;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.operator.naming.ClusterLabels;
import io.memkube.operator.naming.ClusterNames;

/** PodDisruptionBudget {@code NAME}: a node drain empties at most maxUnavailable caches at once. */
@KubernetesDependent(
    informer =
        @Informer(
            labelSelector = ClusterLabels.MANAGED_SELECTOR,
            onUpdateFilter = PodDisruptionBudgetChanged.class))
public class CachePodDisruptionBudgetDependent
    extends CRUDKubernetesDependentResource<PodDisruptionBudget, MemcachedCluster> {

  public CachePodDisruptionBudgetDependent() {
    super(PodDisruptionBudget.class);
  }

  @Override
  protected PodDisruptionBudget desired(
      MemcachedCluster primary, Context<MemcachedCluster> context) {
    return desired(ClusterPlan.of(context));
  }

  static PodDisruptionBudget desired(ClusterPlan plan) {
    MemcachedCluster mc = plan.cluster();
    return new PodDisruptionBudgetBuilder()
        .withMetadata(OwnedMetadata.of(mc, ClusterNames.servers(mc), ClusterLabels.CACHE))
        .withNewSpec()
        .withMaxUnavailable(
            new IntOrString(mc.getSpec().getPodDisruptionBudget().getMaxUnavailable()))
        .withNewSelector()
        .withMatchLabels(ClusterLabels.selector(mc, ClusterLabels.CACHE))
        .endSelector()
        .endSpec()
        .build();
  }
}
