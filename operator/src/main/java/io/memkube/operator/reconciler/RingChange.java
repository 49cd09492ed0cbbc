package io.memkube.operator.reconciler;

import io.memkube.operator.scaling.RingState;
import java.util.Optional;

/**
 * What an Event says when the proxies' ring (the servers their config lists) changes size: which
 * servers joined or left. The scaling conditions tell the steps; this names the ring itself, the
 * one change that moves keys.
 */
final class RingChange {
  static final String REASON = "RingChanged";

  private RingChange() {}

  /**
   * @param name the cluster's name (servers are {@code NAME-i})
   * @param before the ring the proxy ConfigMap described before this reconciliation, or null
   * @param after the ring it describes now, or null (no proxy)
   * @return the Event's message, or empty when the ring kept its size
   */
  static Optional<String> message(String name, RingState before, RingState after) {
    if (before == null || after == null || before.size() == after.size()) {
      return Optional.empty();
    }
    int from = before.size();
    int to = after.size();
    String servers = to > from ? range(name, from, to) : range(name, to, from);
    return Optional.of(
        to > from
            ? String.format(
                "the proxies' ring grows from %d to %d servers: %s joined (Ready first)",
                from, to, servers)
            : String.format(
                "the proxies' ring shrinks from %d to %d servers: %s left; they keep serving until"
                    + " the proxies have reloaded",
                from, to, servers));
  }

  private static String range(String name, int from, int to) {
    return to - from == 1 ? name + "-" + from : name + "-" + from + " .. " + name + "-" + (to - 1);
  }
}
