package io.memkube.operator.scaling;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The servers the proxy configuration lists (always {@code NAME-0 .. NAME-(size-1)}, in order, so
 * that Ch3 keeps every key in place when a server is appended), and the last shrink, whose removed
 * servers keep running until the proxies have reloaded.
 *
 * <p>Kept as annotations of the proxy ConfigMap, next to the configuration it describes, so that an
 * operator restart in the middle of a scaling step resumes it.
 *
 * @param size servers in the proxy configuration
 * @param drainingFrom the size before the last shrink, or null when no shrink is pending
 * @param shrunkAt when the last shrink was written, or null
 * @param restarting the server being restarted by the operator's roll, whose place the next server
 *     takes meanwhile (its keys moved there first), or null
 * @param rollStepSince when the operator's roll last changed {@code restarting} (the proxies are
 *     waited for from then, for a bounded time), or null
 */
public record RingState(
    int size, Integer drainingFrom, Instant shrunkAt, Integer restarting, Instant rollStepSince) {

  public static final String SIZE = "memkube.io/ring-size";
  public static final String DRAINING_FROM = "memkube.io/ring-draining-from";
  public static final String SHRUNK_AT = "memkube.io/ring-shrunk-at";
  public static final String RESTARTING = "memkube.io/ring-restarting";
  public static final String ROLL_STEP_SINCE = "memkube.io/ring-roll-step-since";

  public RingState(int size, Integer drainingFrom, Instant shrunkAt) {
    this(size, drainingFrom, shrunkAt, null, null);
  }

  public RingState(int size, Integer drainingFrom, Instant shrunkAt, Integer restarting) {
    this(size, drainingFrom, shrunkAt, restarting, null);
  }

  /** A ring with no shrink pending. */
  public static RingState of(int size) {
    return new RingState(size, null, null);
  }

  /** The state written on a ConfigMap, or null when it carries none (or an unreadable one). */
  public static RingState fromAnnotations(Map<String, String> annotations) {
    if (annotations == null || annotations.get(SIZE) == null) {
      return null;
    }
    try {
      int size = Integer.parseInt(annotations.get(SIZE));
      String from = annotations.get(DRAINING_FROM);
      String at = annotations.get(SHRUNK_AT);
      String restarting = annotations.get(RESTARTING);
      Integer restartingServer = restarting == null ? null : Integer.valueOf(restarting);
      String since = annotations.get(ROLL_STEP_SINCE);
      Instant stepSince = since == null ? null : Instant.parse(since);
      if (from == null || at == null) {
        return new RingState(size, null, null, restartingServer, stepSince);
      }
      return new RingState(
          size, Integer.parseInt(from), Instant.parse(at), restartingServer, stepSince);
    } catch (NumberFormatException | DateTimeParseException e) {
      // Someone edited the annotations: start from the configuration's own server count instead.
      return null;
    }
  }

  /** The annotations that describe this state. */
  public Map<String, String> toAnnotations() {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(SIZE, Integer.toString(size));
    if (drainingFrom != null) {
      annotations.put(DRAINING_FROM, Integer.toString(drainingFrom));
      annotations.put(SHRUNK_AT, shrunkAt.toString());
    }
    if (restarting != null) {
      annotations.put(RESTARTING, Integer.toString(restarting));
    }
    if (rollStepSince != null) {
      annotations.put(ROLL_STEP_SINCE, rollStepSince.toString());
    }
    return annotations;
  }

  /** This ring with {@code server} restarting (null: none), the roll's step unchanged. */
  public RingState withRestarting(Integer server) {
    return new RingState(size, drainingFrom, shrunkAt, server, rollStepSince);
  }

  /** This ring with {@code server} restarting (null: none), a roll's step taken at {@code now}. */
  public RingState withRestarting(Integer server, Instant now) {
    return new RingState(size, drainingFrom, shrunkAt, server, now);
  }

  /** This ring with no roll step recorded. */
  public RingState withoutRollStep() {
    return rollStepSince == null
        ? this
        : new RingState(size, drainingFrom, shrunkAt, restarting, null);
  }

  /** Whether servers removed by the last shrink may still be in a proxy's configuration. */
  public boolean draining(Instant now, java.time.Duration grace) {
    return drainingFrom != null && now.isBefore(shrunkAt.plus(grace));
  }
}
