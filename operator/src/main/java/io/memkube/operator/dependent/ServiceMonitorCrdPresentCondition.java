package io.memkube.operator.dependent;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.memkube.api.v1alpha1.MemcachedCluster;
import java.time.Duration;
import java.time.Instant;

/**
 * Activation condition of the ServiceMonitor: the Prometheus Operator's CRD is installed. While it
 * is absent the SDK neither watches nor creates ServiceMonitors. The answer is cached for a minute,
 * so installing Prometheus later is noticed without a restart and without a lookup per reconcile.
 */
public class ServiceMonitorCrdPresentCondition implements Condition<Object, MemcachedCluster> {

  static final String CRD_NAME = "servicemonitors.monitoring.coreos.com";
  private static final Duration RECHECK = Duration.ofMinutes(1);

  private volatile boolean present;
  private volatile Instant checkedAt = Instant.EPOCH;

  @Override
  public boolean isMet(
      DependentResource<Object, MemcachedCluster> dependentResource,
      MemcachedCluster primary,
      Context<MemcachedCluster> context) {
    Instant now = Instant.now();
    if (!present && now.isAfter(checkedAt.plus(RECHECK))) {
      present =
          context.getClient().resources(CustomResourceDefinition.class).withName(CRD_NAME).get()
              != null;
      checkedAt = now;
    }
    return present;
  }
}
