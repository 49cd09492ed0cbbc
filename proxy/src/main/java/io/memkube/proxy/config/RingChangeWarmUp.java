package io.memkube.proxy.config;

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

  /** A new config was loaded: runs it warming up from the previous one, then alone. */
  public synchronized void loaded(LoadedConfig next) {
    LoadedConfig previous = plain;
    plain = next;
    if (end != null) {
      end.cancel(false);
      end = null;
    }
    if (seconds <= 0) {
      install.accept(next);
      return;
    }
    install.accept(
        new LoadedConfig(
            next.router().warmingUpFrom(previous.router()),
            next.pools(),
            next.text(),
            next.md5(),
            next.source(),
            next.imports(),
            next.preprocessed()));
    LOG.info(() -> "new config: gets that miss read the previous ring for " + seconds + " s");
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
  }
}
