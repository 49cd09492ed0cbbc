package io.memkube.proxy.config;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Keeps the cache across a ring change ({@code --ring-change-warmup-seconds}): for that long after
 * a reloaded config, gets that miss on the new route are read from the previous config's route and
 * fill the new owner (mcrouter's WarmUpRoute, put in by the proxy itself instead of by hand, see
 * {@link io.memkube.proxy.route.Router#warmingUpFrom}); then the plain new config runs alone.
 *
 * <p>The previous side is always the previous plain config, never a warming one, so changes in
 * quick succession do not chain routes. A moved key is read from its previous owner with a meta get
 * that tells the expiry it has left, and filled with that expiry.
 */
public final class RingChangeWarmUp implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(RingChangeWarmUp.class.getName());

  private final long seconds;
  private final Consumer<LoadedConfig> install;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "memkube-proxy-warmup");
            t.setDaemon(true);
            return t;
          });
  private LoadedConfig plain;
  private ScheduledFuture<?> end;
  private LeavingServerMover mover;
  private LoadedConfig waiting;
  private ScheduledFuture<?> waitForOwners;

  /** The longest a new config waits for the servers that gain a place in it. */
  private static final long OWNERS_WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

  /**
   * @param seconds how long a ring change warms up (0: never, mcrouter's plain reload)
   * @param initial the config loaded at start
   * @param install makes a config the running one
   */
  public RingChangeWarmUp(long seconds, LoadedConfig initial, Consumer<LoadedConfig> install) {
    this.seconds = seconds;
    this.plain = initial;
    this.install = install;
  }

  /**
   * Moves the keys of servers that leave the ring during the warm-up, so that they survive the
   * servers' going (only with a warm-up: the move is gets through the warm-up route).
   */
  public synchronized void moveKeysOfLeavingServers(LeavingServerMover mover) {
    this.mover = mover;
  }

  /** A new config was loaded: runs it warming up from the previous one, then alone. */
  public synchronized void loaded(LoadedConfig next) {
    loaded(next, () -> {});
  }

  /**
   * {@link #loaded(LoadedConfig)}; {@code settled} runs once the new config runs and the keys of
   * servers that lost their place have been moved (the proxy then reports the config as its own).
   */
  public synchronized void loaded(LoadedConfig next, Runnable settled) {
    if (waitForOwners != null) {
      waitForOwners.cancel(false);
      waitForOwners = null;
    }
    waiting = next;
    tryInstall(next, settled, System.nanoTime() + OWNERS_WAIT_NANOS, true);
  }

  /**
   * Installs {@code next} once the servers that gain a place in it answer (or the wait is over): a
   * server restarted by the operator's roll gets its place back when its pod is Ready, but this
   * proxy marked it down when it stopped and re-admits it only once a probe reaches it (its DNS
   * name can take seconds to return). Until then the previous config, with the stand-in, keeps
   * serving its keys, instead of sets failing on a server that is still marked down.
   */
  private synchronized void tryInstall(
      LoadedConfig next, Runnable settled, long deadline, boolean first) {
    if (waiting != next) {
      return; // a newer config came
    }
    if (seconds > 0 && mover != null && System.nanoTime() < deadline) {
      List<String> down = LeavingServerMover.gainingButDown(plain, next);
      if (!down.isEmpty()) {
        if (first) {
          LOG.info(() -> "new config waits until these servers answer: " + down);
        }
        waitForOwners =
            timer.schedule(
                () -> tryInstall(next, settled, deadline, false), 100, TimeUnit.MILLISECONDS);
        return;
      }
    }
    waiting = null;
    waitForOwners = null;
    run(next, settled);
  }

  private void run(LoadedConfig next, Runnable settled) {
    LoadedConfig previous = plain;
    plain = next;
    if (end != null) {
      end.cancel(false);
      end = null;
    }
    if (seconds <= 0) {
      install.accept(next);
      settled.run();
      return;
    }
    install.accept(
        new LoadedConfig(
            next.router().warmingUpFrom(previous.router()),
            next.pools(),
            next.text(),
            next.md5(),
            next.source(),
            next.imports()));
    LOG.info(() -> "new config: gets that miss read the previous ring for " + seconds + " s");
    if (mover != null) {
      mover.ringChanged(previous, next, settled);
    } else {
      settled.run();
    }
    end = timer.schedule(() -> finish(next), seconds, TimeUnit.SECONDS);
  }

  private synchronized void finish(LoadedConfig warmed) {
    if (plain == warmed) {
      install.accept(warmed);
      end = null;
      LOG.info("ring change warm-up over: the new config runs alone");
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    if (mover != null) {
      mover.close();
    }
  }
}
