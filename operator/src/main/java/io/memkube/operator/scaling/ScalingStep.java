package io.memkube.operator.scaling;

/** Where a cluster stands in ring-safe scaling; the reason of the Progressing condition. */
public enum ScalingStep {
  /** The StatefulSet and the proxy configuration both match spec.replicas. */
  Stable,
  /** The StatefulSet has grown; servers join the proxy configuration as their pods get Ready. */
  WaitingForNewServers,
  /**
   * Servers were removed from the proxy configuration; their pods stay until the proxies have
   * reloaded, then the StatefulSet shrinks.
   */
  DrainingRemovedServers,
  /**
   * The proxy configuration lists every server, but not every proxy reports running it yet; the
   * change is done when they all do.
   */
  ProxiesReloading,
  /**
   * The operator restarts the servers one at a time for a changed template: each server's keys move
   * to the next server, which takes its place in the proxies' ring while it restarts, and move back
   * once it is Ready again.
   */
  RollingOut
}
