package io.memkube.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds the conditions of a new status from the previous ones: a condition keeps its
 * lastTransitionTime while its status does not change, so rewriting the same status is a no-op that
 * triggers no further update.
 */
public final class Conditions {

  private final List<Condition> previous;
  private final long generation;
  private final Instant now;
  private final List<Condition> next = new ArrayList<>();

  public Conditions(List<Condition> previous, long generation, Instant now) {
    this.previous = previous == null ? List.of() : previous;
    this.generation = generation;
    this.now = now;
  }

  /** Sets a condition. */
  public Conditions set(String type, boolean status, String reason, String message) {
    String value = status ? "True" : "False";
    String since =
        find(previous, type)
            .filter(c -> value.equals(c.getStatus()))
            .map(Condition::getLastTransitionTime)
            .orElse(now.toString());
    next.add(
        new ConditionBuilder()
            .withType(type)
            .withStatus(value)
            .withReason(reason)
            .withMessage(message)
            .withObservedGeneration(generation)
            .withLastTransitionTime(since)
            .build());
    return this;
  }

  public List<Condition> build() {
    return List.copyOf(next);
  }

  /** The condition of a type in a list. */
  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> Objects.equals(type, c.getType())).findFirst();
  }

  /** Whether a condition of that type is True. */
  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }
}
