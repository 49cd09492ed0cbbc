package io.memkube.e2e.ring;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Replays recorded {@link RingEvent}s in commit order and checks the ring-safety rules of a scale:
 *
 * <ul>
 *   <li>the proxy config never lists an ordinal the StatefulSet does not keep (scale-down removes a
 *       server from the config before the StatefulSet shrinks);
 *   <li>a server enters the proxy config only while its pod is Ready (scale-up grows the
 *       StatefulSet first and adds the server once its pod is Ready).
 * </ul>
 */
public final class RingTimeline {

  /** The cluster as the API server had it right after one change. */
  public record State(
      long resourceVersion, Set<Integer> configServers, Set<Integer> readyPods, int replicas) {}

  private final List<State> states = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();

  private RingTimeline() {}

  /**
   * Replays {@code events}, starting from {@code initial} (the state when recording began).
   *
   * @param initial what the config, the pods and the StatefulSet were before the first event
   */
  public static RingTimeline replay(State initial, List<RingEvent> events) {
    RingTimeline timeline = new RingTimeline();
    List<RingEvent> ordered = new ArrayList<>(events);
    ordered.sort(Comparator.comparingLong(RingEvent::resourceVersion));
    Set<Integer> config = new TreeSet<>(initial.configServers());
    Set<Integer> ready = new TreeSet<>(initial.readyPods());
    int replicas = initial.replicas();
    timeline.states.add(initial);
    for (RingEvent event : ordered) {
      Set<Integer> added = Set.of();
      switch (event) {
        case RingEvent.ConfigChanged c -> {
          added = new HashSet<>(c.servers());
          added.removeAll(config);
          config = new TreeSet<>(c.servers());
        }
        case RingEvent.PodChanged p -> {
          if (p.ready() && !p.gone()) {
            ready.add(p.ordinal());
          } else {
            ready.remove(p.ordinal());
          }
        }
        case RingEvent.StatefulSetScaled s -> replicas = s.replicas();
      }
      State state =
          new State(event.resourceVersion(), Set.copyOf(config), Set.copyOf(ready), replicas);
      timeline.states.add(state);
      timeline.check(state, added);
    }
    return timeline;
  }

  private void check(State state, Set<Integer> addedToConfig) {
    for (int server : state.configServers()) {
      if (server >= state.replicas()) {
        violations.add(
            "at resourceVersion %d the proxy config lists server %d but the StatefulSet keeps %d pods"
                .formatted(state.resourceVersion(), server, state.replicas()));
      }
    }
    for (int server : addedToConfig) {
      if (!state.readyPods().contains(server)) {
        violations.add(
            "at resourceVersion %d server %d entered the proxy config before its pod was Ready"
                .formatted(state.resourceVersion(), server));
      }
    }
  }

  /** The broken rules, in commit order; empty when the scale was ring-safe. */
  public List<String> violations() {
    return List.copyOf(violations);
  }

  /** Every state, the initial one first. */
  public List<State> states() {
    return List.copyOf(states);
  }

  /**
   * The most cache pods among ordinals {@code 0..replicas-1} that were missing or not Ready at the
   * same time: a rolling change that replaces one pod at a time keeps it at 1.
   */
  public int maxUnavailable(int replicas) {
    int max = 0;
    for (State state : states) {
      int unavailable = 0;
      for (int ordinal = 0; ordinal < replicas; ordinal++) {
        if (!state.readyPods().contains(ordinal)) {
          unavailable++;
        }
      }
      max = Math.max(max, unavailable);
    }
    return max;
  }

  /** The last state. */
  public State last() {
    return states.getLast();
  }

  /** Prints the replayed history, one state per line, for a failure message or a log. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    for (State s : states) {
      text.append(
          "rv=%d replicas=%d ready=%s config=%s%n"
              .formatted(
                  s.resourceVersion(),
                  s.replicas(),
                  new TreeSet<>(s.readyPods()),
                  new TreeSet<>(s.configServers())));
    }
    return text.toString();
  }
}
