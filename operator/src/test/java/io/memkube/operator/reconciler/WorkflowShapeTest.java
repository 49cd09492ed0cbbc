package io.memkube.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Rules for the reconciler's workflow that the SDK does not enforce. */
class WorkflowShapeTest {

  /**
   * The SDK starts the informer of a dependent whose parent's precondition failed, whatever the
   * dependent's activation condition says: a dependent of an optional CRD (Prometheus's monitors)
   * below a dependent that can be turned off would fail every reconciliation while the CRD is
   * absent.
   */
  @Test
  void dependentsOfOptionalCrdsHangOnlyOnDependentsThatAreAlwaysReconciled() {
    Dependent[] dependents =
        MemcachedClusterReconciler.class.getAnnotation(Workflow.class).dependents();
    Map<String, Dependent> byName =
        Arrays.stream(dependents).collect(Collectors.toMap(Dependent::name, Function.identity()));
    for (Dependent d : dependents) {
      if (d.activationCondition() == Condition.class) {
        continue;
      }
      for (String parent : d.dependsOn()) {
        assertTrue(
            byName.get(parent).reconcilePrecondition() == Condition.class,
            d.name()
                + " has an activation condition and depends on "
                + parent
                + ", which has a reconcile precondition");
      }
    }
  }
}
