package io.memkube.proxy.config;

import io.memkube.proxy.configmodel.parse.ConfigException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Polls a config file and hands each new, valid version to the proxy. The file's content is
 * compared, not its timestamp: a ConfigMap update swaps a symlink to a new directory and may keep
 * timestamps. A version that fails to load is reported and skipped; the proxy keeps its config.
 *
 * <p>Texts may also be {@linkplain #offer offered} from elsewhere (the ConfigMap watched through
 * the Kubernetes API). While that source is {@linkplain #fileIsFallback healthy} the file is still
 * read but not applied, and afterwards only a change of the file is: the kubelet updates the
 * mounted file tens of seconds after the API, so a file that has not changed since is older than
 * what runs, and applying it would step the ring back.
 */
public final class ConfigWatcher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ConfigWatcher.class.getName());

  /** What the watcher tells the proxy. */
  public interface Listener {
    void loaded(LoadedConfig config);

    void rejected(ConfigException error);
  }

  private final ConfigSource.FromFile source;
  private final ConfigLoader loader;
  private final Listener listener;
  private final ScheduledExecutorService scheduler;
  private String lastFingerprint;
  private final java.util.function.Supplier<LoadedConfig> current;
  private java.util.function.BooleanSupplier otherSourceHealthy = () -> false;
  private String lastFileFingerprint;

  /**
   * @param current the config in force, whose imported files are also watched
   */
  public ConfigWatcher(
      ConfigSource.FromFile source,
      ConfigLoader loader,
      java.util.function.Supplier<LoadedConfig> current,
      Listener listener) {
    this.source = source;
    this.loader = loader;
    this.listener = listener;
    this.current = current;
    this.lastFingerprint = fingerprint(current.get().text(), current.get());
    this.lastFileFingerprint = lastFingerprint;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "memkube-proxy-config-watcher");
              t.setDaemon(true);
              return t;
            });
  }

  public void start(long intervalMillis) {
    scheduler.scheduleWithFixedDelay(
        this::check, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Makes the file a fallback: while {@code healthy} says so, texts come through {@link #offer} and
   * the file is applied only when it changes.
   */
  public void fileIsFallback(java.util.function.BooleanSupplier healthy) {
    this.otherSourceHealthy = healthy;
  }

  /** Reads the file once and applies it if it changed; public for tests. */
  public synchronized void check() {
    String text;
    try {
      text = source.read();
    } catch (java.io.IOException e) {
      // During a ConfigMap swap the link may dangle for a moment: try again next time.
      LOG.fine(() -> "config file not readable right now: " + e);
      return;
    }
    String fingerprint = fingerprint(text, current.get());
    boolean fileChanged = !fingerprint.equals(lastFileFingerprint);
    lastFileFingerprint = fingerprint;
    if (otherSourceHealthy.getAsBoolean() || !fileChanged) {
      return;
    }
    apply(text, source.describe(), fingerprint);
  }

  /**
   * Applies a text that came from another source (the ConfigMap through the API) if it differs from
   * the one in force.
   *
   * @param describe where it came from, for the log
   */
  public synchronized void offer(String text, String describe) {
    apply(text, describe, fingerprint(text, current.get()));
  }

  private void apply(String text, String describe, String fingerprint) {
    if (fingerprint.equals(lastFingerprint)) {
      return;
    }
    lastFingerprint = fingerprint;
    try {
      LoadedConfig cfg = loader.load(text, source.describe());
      LOG.info(() -> "config reloaded from " + describe + " (md5 " + cfg.md5() + ")");
      listener.loaded(cfg);
      lastFingerprint = fingerprint(text, cfg);
    } catch (ConfigException e) {
      LOG.warning(
          () -> "config in " + describe + " rejected, keeping the old one: " + e.getMessage());
      listener.rejected(e);
    } catch (RuntimeException e) {
      ConfigException wrapped = new ConfigException("$", "unexpected error: " + e, e);
      LOG.warning(() -> "config rejected, keeping the old one: " + wrapped.getMessage());
      listener.rejected(wrapped);
    }
  }

  /** The main file's text and, as they read now, the files the given config imported. */
  private static String fingerprint(String text, LoadedConfig cfg) {
    StringBuilder sb = new StringBuilder(text);
    for (java.nio.file.Path p : cfg.imports().keySet()) {
      sb.append('\0').append(p).append('\0');
      try {
        sb.append(java.nio.file.Files.readString(p, java.nio.charset.StandardCharsets.UTF_8));
      } catch (java.io.IOException e) {
        sb.append("<unreadable>");
      }
    }
    return sb.toString();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
