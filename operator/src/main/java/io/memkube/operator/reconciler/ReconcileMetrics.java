package io.memkube.operator.reconciler;

import io.memkube.operator.scaling.ScalingStep;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * The operator's own metrics, next to the SDK's reconciliation metrics: how often a scaling step
 * runs and how often a spec is refused.
 */
final class ReconcileMetrics {

  private final Map<ScalingStep, Counter> steps = new EnumMap<>(ScalingStep.class);
  private final Counter invalid;

  ReconcileMetrics(MeterRegistry registry) {
    for (ScalingStep step : ScalingStep.values()) {
      steps.put(
          step,
          Counter.builder("memkube.reconcile.steps")
              .description("Reconciliations by the scaling step they were in")
              .tag("step", step.name())
              .register(registry));
    }
    invalid =
        Counter.builder("memkube.reconcile.invalid")
            .description("Reconciliations held back by a spec problem or an object in the way")
            .register(registry);
  }

  void step(ScalingStep step) {
    steps.get(step).increment();
  }

  void invalidSpec() {
    invalid.increment();
  }
}
