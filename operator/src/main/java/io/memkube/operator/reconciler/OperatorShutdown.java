package io.memkube.operator.reconciler;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Whether the application is shutting down. Set before the SDK stops the operator (its shutdown
 * observer has priority 3123), so that a reconciliation that fails because the operator is being
 * stopped is not reported on the cluster as a failed apply: nothing is wrong with the cluster, and
 * the next leader reconciles it again.
 */
@Singleton
public class OperatorShutdown {

  /** Before the SDK's shutdown observer. */
  static final int BEFORE_OPERATOR_STOPS = 1000;

  private volatile boolean inProgress;

  void onShutdown(@Observes @Priority(BEFORE_OPERATOR_STOPS) ShutdownEvent event) {
    inProgress = true;
  }

  /** True once the shutdown began. */
  public boolean inProgress() {
    return inProgress;
  }
}
