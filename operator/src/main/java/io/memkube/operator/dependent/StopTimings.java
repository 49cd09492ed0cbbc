package io.memkube.operator.dependent;

/**
 * How long pods take to stop and how long a returned cache server waits before the roll goes on, in
 * one place because the numbers depend on each other (docs/operator.md, "Stopping and rolling").
 *
 * <p>On SIGTERM memkube's cache server and proxy fail readiness at once and keep serving their open
 * connections for {@code --shutdown-drain-seconds}, then close them and exit 0. The drain is the
 * grace period less {@link #STOP_MARGIN_SECONDS} for closing and exiting, so the kubelet never has
 * to SIGKILL a draining process.
 */
public final class StopTimings {
  /** Time left after the drain for closing connections and stopping the JVM. */
  static final int STOP_MARGIN_SECONDS = 5;

  /**
   * The cache pods' grace period. A draining server keeps answering the proxies' requests already
   * on their connections; a longer drain would not shorten the outage (the proxies keep the server
   * in the ring until its connections close) and would slow every roll down.
   */
  static final long CACHE_GRACE_SECONDS = 10;

  /** The proxy pods' grace period: node-local clients get time to finish on their connections. */
  static final long PROXY_GRACE_SECONDS = 15;

  /**
   * How long a new cache pod must stay Ready before the StatefulSet replaces the next one: the
   * headless Service publishes its DNS name only once it is Ready (up to a few seconds for the
   * endpoints to reach CoreDNS, whose negative answers are cached for 5 s), and a proxy that saw
   * the server go re-admits it within about a second of its first successful probe (docs/proxy.md,
   * "Health"). Without it two servers could be out of every proxy's ring at once.
   */
  static final int CACHE_MIN_READY_SECONDS = 10;

  private StopTimings() {}

  /** {@link #CACHE_MIN_READY_SECONDS}, which the operator's own roll waits too. */
  public static java.time.Duration cacheMinReady() {
    return java.time.Duration.ofSeconds(CACHE_MIN_READY_SECONDS);
  }

  /** The {@code --shutdown-drain-seconds} for a pod with this grace period. */
  static int drainSeconds(long graceSeconds) {
    return (int) Math.max(0, graceSeconds - STOP_MARGIN_SECONDS);
  }
}
