package io.memkube.protocol.signal;

/**
 * {@code SIGHUP} as memcached uses it: a request to re-read configuration files, not to stop. The
 * JVM would otherwise treat it as a termination signal and run the shutdown hooks.
 */
public final class HangupSignal {
  private HangupSignal() {}

  /** Runs {@code action} on the JVM's signal thread at every SIGHUP. */
  public static void onHangup(Runnable action) {
    ProcessSignal.on("HUP", action);
  }
}
