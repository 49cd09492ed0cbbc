package io.memkube.e2e.support;

import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * For a class whose ordered tests walk one resource through its life: once a step fails, the later
 * steps would only wait out their timeouts on a broken premise, so they are reported as skipped,
 * naming the step that failed (the failure itself fails the build).
 */
public final class StopAfterFirstFailure implements TestWatcher, ExecutionCondition {

  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(StopAfterFirstFailure.class);
  private static final String FAILED = "failed";

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    classStore(context).put(FAILED, context.getDisplayName());
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (context.getTestMethod().isEmpty()) {
      return ConditionEvaluationResult.enabled("class level");
    }
    String failed = classStore(context).get(FAILED, String.class);
    return failed == null
        ? ConditionEvaluationResult.enabled("no earlier step failed")
        : ConditionEvaluationResult.disabled("an earlier step failed: " + failed);
  }

  private static ExtensionContext.Store classStore(ExtensionContext context) {
    Optional<ExtensionContext> classContext = context.getParent();
    return classContext.orElse(context).getStore(STORE);
  }
}
