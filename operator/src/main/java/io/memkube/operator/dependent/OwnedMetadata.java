package io.memkube.operator.dependent;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.operator.naming.ClusterLabels;

/**
 * Metadata shared by every owned object. The owner reference is a controller reference, so that
 * other tools (and this operator) can tell who manages the object; deleting the cluster cascades.
 */
final class OwnedMetadata {

  private OwnedMetadata() {}

  static ObjectMeta of(MemcachedCluster mc, String name, String component) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(mc.getMetadata().getNamespace())
        .withLabels(ClusterLabels.owned(mc, component))
        .addNewOwnerReference()
        .withApiVersion(mc.getApiVersion())
        .withKind(mc.getKind())
        .withName(mc.getMetadata().getName())
        .withUid(mc.getMetadata().getUid())
        .withController(true)
        .endOwnerReference()
        .build();
  }
}
