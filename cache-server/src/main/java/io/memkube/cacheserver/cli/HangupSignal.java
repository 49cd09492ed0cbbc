package io.memkube.cacheserver.cli;

import sun.misc.Signal;

/**
 * {@code SIGHUP} as memcached uses it: a request to re-read configuration files, not to stop. The
 * JVM would otherwise treat it as a termination signal and run the shutdown hooks.
 */
final class HangupSignal {
  private HangupSignal() {}

  /** Runs {@code action} on the JVM's signal thread at every SIGHUP. */
  static void onHangup(Runnable action) {
    Signal.handle(new Signal("HUP"), sig -> action.run());
  }
}
