package io.memkube.protocol.health;

import io.memkube.protocol.logging.DataPlaneLogging;
import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * What the cache server and the proxy do on SIGTERM (and SIGINT): fail readiness at once, keep
 * serving the open connections for the drain period ({@code --shutdown-drain-seconds}, 0 by default
 * as memcached has no drain), then stop accepting, close the connections and exit 0, as memcached
 * 1.6.18 does on SIGTERM ("Signal handled: Terminated.", status 0).
 *
 * <p>The listener stays open during the drain: Kubernetes removes a terminating pod from its
 * Services and the proxies learn of it only after a delay, and a client that connects in that
 * window is better served than refused (a refused connect is a hard TKO in the proxy). The drain
 * ends early once no connection is open: nobody is left to serve.
 *
 * <p>The JVM exits a SIGTERM with status 143 once its shutdown hooks return; the hook ends the
 * process itself with {@link Runtime#halt} status 0 after a complete stop, so a normal stop does
 * not show as {@code Error} in Kubernetes. A stop that did not come from a signal (memcached's
 * {@code shutdown} command, or the program returning) finds the program already stopped and leaves
 * the exit status alone.
 */
public final class GracefulStop {
  /** How often the drain looks whether connections are still open. */
  private static final long POLL_MILLIS = 50;

  /** The program being stopped. */
  public interface Stoppable {
    /** Whether it still serves (false once stopped some other way). */
    boolean running();

    /** Client connections open now. */
    int openConnections();

    /** Stops accepting, closes the connections, stops the event loops; bounded in time. */
    void stop();
  }

  private final String program;
  private final HealthServer health;
  private final Duration drain;
  private final Stoppable target;

  /**
   * @param program the name used in the log lines
   * @param health the program's health endpoints, or null when it serves none
   * @param drain how long open connections keep being served
   */
  public GracefulStop(String program, HealthServer health, Duration drain, Stoppable target) {
    this.program = program;
    this.health = health;
    this.drain = drain;
    this.target = target;
  }

  /** Registers the JVM shutdown hook that runs {@link #run} and then exits 0. */
  public void install() {
    Runtime.getRuntime().addShutdownHook(new Thread(this::runAndExit, program + "-sigterm"));
  }

  private void runAndExit() {
    if (!target.running()) {
      if (health != null) {
        health.close();
      }
      return; // stopped by a command or by the program itself: its exit status stands
    }
    run();
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(0);
  }

  /**
   * Fails readiness, drains, stops; logs why and how long it took.
   *
   * @return how long the drain lasted
   */
  public Duration run() {
    long start = System.nanoTime();
    if (health != null) {
      health.markShuttingDown();
    }
    int open = target.openConnections();
    DataPlaneLogging.always(
        program,
        "SIGTERM: readiness failing; serving "
            + open
            + " open connection(s) for up to "
            + drain.toSeconds()
            + " s (--shutdown-drain-seconds), then stopping");
    long deadline = start + drain.toNanos();
    while (System.nanoTime() < deadline && target.openConnections() > 0) {
      try {
        Thread.sleep(
            Math.min(POLL_MILLIS, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    Duration drained = Duration.ofNanos(System.nanoTime() - start);
    int left = target.openConnections();
    target.stop();
    if (health != null) {
      health.close();
    }
    DataPlaneLogging.always(
        program,
        "stopped after SIGTERM: drained "
            + drained.toMillis()
            + " ms, closed "
            + left
            + " connection(s), stopped in "
            + (Duration.ofNanos(System.nanoTime() - start).minus(drained)).toMillis()
            + " ms; exit 0");
    return drained;
  }

  /** For tests: a {@link IntSupplier}-backed view of a program. */
  static Stoppable of(IntSupplier connections, Runnable stop) {
    return new Stoppable() {
      private volatile boolean running = true;

      @Override
      public boolean running() {
        return running;
      }

      @Override
      public int openConnections() {
        return connections.getAsInt();
      }

      @Override
      public void stop() {
        running = false;
        stop.run();
      }
    };
  }
}
