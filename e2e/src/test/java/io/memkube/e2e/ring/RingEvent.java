package io.memkube.e2e.ring;

import java.util.Set;

/**
 * One change the API server reported while a cluster scaled, stamped with its resourceVersion: the
 * API server's commit order, which holds across kinds while separate watches may deliver out of it.
 */
public sealed interface RingEvent {

  /** The resourceVersion the change was committed at. */
  long resourceVersion();

  /** The proxy ConfigMap now lists these server ordinals. */
  record ConfigChanged(long resourceVersion, Set<Integer> servers) implements RingEvent {
    public ConfigChanged {
      servers = Set.copyOf(servers);
    }
  }

  /** Cache pod {@code ordinal} now exists and is (or is not) Ready, or is gone. */
  record PodChanged(long resourceVersion, int ordinal, boolean ready, boolean gone)
      implements RingEvent {}

  /** The StatefulSet now asks for {@code replicas} pods. */
  record StatefulSetScaled(long resourceVersion, int replicas) implements RingEvent {}
}
