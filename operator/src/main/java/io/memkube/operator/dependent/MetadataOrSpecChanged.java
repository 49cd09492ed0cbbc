package io.memkube.operator.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Objects;

/**
 * Lets an update event through only when the spec (its generation) or the metadata the operator
 * cares about changed, so that status-only updates written by other controllers (a
 * PodDisruptionBudget's counts, on every pod that turns Ready) or by the operator itself (the
 * MemcachedCluster's status) trigger no reconciliation. The informer's cache still takes every
 * update; only the event is dropped. For kinds whose spec bumps {@code metadata.generation}.
 */
public class MetadataOrSpecChanged<R extends HasMetadata> implements OnUpdateFilter<R> {

  @Override
  public boolean accept(R newResource, R oldResource) {
    return changed(newResource, oldResource);
  }

  /** Whether anything but the status, managed fields and resourceVersion differs. */
  public static boolean changed(HasMetadata now, HasMetadata before) {
    ObjectMeta n = now.getMetadata();
    ObjectMeta b = before.getMetadata();
    return !Objects.equals(n.getGeneration(), b.getGeneration())
        || n.getGeneration() == null
        || !Objects.equals(n.getLabels(), b.getLabels())
        || !Objects.equals(n.getAnnotations(), b.getAnnotations())
        || !Objects.equals(n.getOwnerReferences(), b.getOwnerReferences())
        || !Objects.equals(n.getFinalizers(), b.getFinalizers())
        || !Objects.equals(n.getDeletionTimestamp(), b.getDeletionTimestamp());
  }
}
