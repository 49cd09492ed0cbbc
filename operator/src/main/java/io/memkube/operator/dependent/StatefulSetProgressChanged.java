package io.memkube.operator.dependent;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.memkube.operator.status.ObservedState;

/**
 * Lets a StatefulSet update through when its spec or metadata changed, or when the part of its
 * status the operator reads ({@link ObservedState}: pods, ready pods, rollout done) changed. The
 * StatefulSet controller writes its status several times per pod (current, updated, available
 * counts); the ones that change nothing the cluster's status shows trigger no reconciliation.
 */
public class StatefulSetProgressChanged implements OnUpdateFilter<StatefulSet> {

  @Override
  public boolean accept(StatefulSet now, StatefulSet before) {
    return MetadataOrSpecChanged.changed(now, before)
        || !ObservedState.of(now, null).equals(ObservedState.of(before, null));
  }
}
