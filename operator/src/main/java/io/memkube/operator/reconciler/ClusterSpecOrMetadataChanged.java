package io.memkube.operator.reconciler;

import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.operator.dependent.MetadataOrSpecChanged;

/**
 * A MemcachedCluster needs a reconciliation when its spec changed (its generation; {@code kubectl
 * scale} included) or its metadata did (the pause annotation does not bump the generation), not
 * when only its status did: the operator writes the status itself and follows each status patch
 * with one more reconciliation anyway (see {@link MemcachedClusterReconciler}).
 */
public class ClusterSpecOrMetadataChanged extends MetadataOrSpecChanged<MemcachedCluster> {}
