package io.memkube.proxy;

import io.memkube.protocol.reload.WatchedFiles;
import io.memkube.proxy.config.ConfigLoader;
import io.memkube.proxy.config.ConfigSource;
import io.memkube.proxy.config.ConfigWatcher;
import io.memkube.proxy.config.DestinationRegistry;
import io.memkube.proxy.config.LeavingServerMover;
import io.memkube.proxy.config.LoadedConfig;
import io.memkube.proxy.config.RingChangeWarmUp;
import io.memkube.proxy.configmodel.parse.ConfigException;
import io.memkube.proxy.configmodel.parse.LoaderOptions;
import io.memkube.proxy.health.HealthProber;
import io.memkube.proxy.health.TkoTracker;
import io.memkube.proxy.kube.ConfigMapWatch;
import io.memkube.proxy.kube.ConfigReporter;
import io.memkube.proxy.kube.KubeApi;
import io.memkube.proxy.kube.ObjectRef;
import io.memkube.proxy.metrics.DeleteSpoolMetrics;
import io.memkube.proxy.metrics.ProxyMetrics;
import io.memkube.proxy.net.ProxyServer;
import io.memkube.proxy.pool.ServerDialer;
import io.memkube.proxy.spool.DeleteSpool;
import io.memkube.proxy.state.ProxyOptions;
import io.memkube.proxy.state.ProxyState;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A started proxy: server, health prober and config watcher wired together. */
public final class RunningProxy implements AutoCloseable {
  public static final String VERSION = "memkube-proxy 0.1.0";

  /**
   * Health settings: {@code --timeouts-until-tko}, probe backoff bounds, and the first probe delay
   * after a hard TKO ({@code --probe-delay-after-hard-tko}).
   */
  public record HealthSettings(
      int timeoutsUntilTko,
      long probeInitialMillis,
      long probeMaxMillis,
      long probeAfterHardTkoMillis) {
    /** The default first probe delay after a hard TKO, in ms. */
    public static final long DEFAULT_PROBE_AFTER_HARD_TKO_MILLIS = 200;

    public HealthSettings(int timeoutsUntilTko, long probeInitialMillis, long probeMaxMillis) {
      this(
          timeoutsUntilTko,
          probeInitialMillis,
          probeMaxMillis,
          Math.min(probeInitialMillis, DEFAULT_PROBE_AFTER_HARD_TKO_MILLIS));
    }
  }

  /**
   * The reliable delete stream's settings ({@code --async-dir}, {@code --async-spool-max-bytes});
   * null where it is off ({@code --asynclog-disable}).
   */
  public record DeleteStream(Path dir, long maxBytes) {
    /** The default bound on the spool's files together: 64 MiB, about a million deletes. */
    public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;
  }

  /**
   * The config through the Kubernetes API ({@code --config-map}, {@code --report-config-to}):
   * either part may be null.
   *
   * @param api the API server, with the pod's service account
   * @param configMap the ConfigMap watched for the config (the file stays the fallback)
   * @param configKey its data key that holds the config
   * @param reportTo the ConfigMap this proxy writes the md5 of the config it runs into
   * @param reportKey this proxy's key there
   */
  public record KubeDelivery(
      KubeApi api, ObjectRef configMap, String configKey, ObjectRef reportTo, String reportKey) {}

  private final ProxyServer server;
  private final HealthProber prober;
  private final ConfigWatcher watcher;
  private final RingChangeWarmUp warmUp;
  private final List<InetSocketAddress> addresses;
  private final DeleteSpool spool;
  private final List<AutoCloseable> kube;
  private ProxyMetrics metrics;
  private final WatchedFiles files = new WatchedFiles("memkube-proxy");

  private RunningProxy(
      ProxyServer server,
      HealthProber prober,
      ConfigWatcher watcher,
      RingChangeWarmUp warmUp,
      List<InetSocketAddress> addresses,
      DeleteSpool spool,
      List<AutoCloseable> kube) {
    this.spool = spool;
    this.server = server;
    this.prober = prober;
    this.watcher = watcher;
    this.warmUp = warmUp;
    this.addresses = addresses;
    this.kube = kube;
  }

  public static RunningProxy start(
      ConfigSource source,
      LoaderOptions loaderOptions,
      ProxyOptions options,
      HealthSettings health,
      int threads,
      List<InetSocketAddress> listen,
      long reloadIntervalMillis)
      throws ConfigException, IOException, InterruptedException {
    return start(source, loaderOptions, options, health, threads, listen, reloadIntervalMillis, 0);
  }

  /**
   * @param ringWarmUpSeconds how long a reloaded config reads misses from the previous one ({@link
   *     RingChangeWarmUp}; 0: never)
   */
  public static RunningProxy start(
      ConfigSource source,
      LoaderOptions loaderOptions,
      ProxyOptions options,
      HealthSettings health,
      int threads,
      List<InetSocketAddress> listen,
      long reloadIntervalMillis,
      long ringWarmUpSeconds)
      throws ConfigException, IOException, InterruptedException {
    return start(
        source,
        loaderOptions,
        options,
        health,
        threads,
        listen,
        reloadIntervalMillis,
        ringWarmUpSeconds,
        null,
        null);
  }

  /**
   * @param deleteStream where failed deletes are spooled and delivered from ({@link DeleteSpool}),
   *     or null to answer them with their error
   * @param kubeDelivery the config through the Kubernetes API, or null (file only); the watch needs
   *     a file source, which stays its fallback
   */
  public static RunningProxy start(
      ConfigSource source,
      LoaderOptions loaderOptions,
      ProxyOptions options,
      HealthSettings health,
      int threads,
      List<InetSocketAddress> listen,
      long reloadIntervalMillis,
      long ringWarmUpSeconds,
      DeleteStream deleteStream,
      KubeDelivery kubeDelivery)
      throws ConfigException, IOException, InterruptedException {
    HealthProber prober =
        new HealthProber(
            health.probeInitialMillis(),
            health.probeMaxMillis(),
            health.probeAfterHardTkoMillis(),
            (int) Math.max(100, Math.min(1000, loaderOptions.defaultServerTimeoutMillis())));
    DestinationRegistry registry =
        new DestinationRegistry(
            a ->
                new TkoTracker(
                    a.toString(), health.timeoutsUntilTko(), t -> prober.startProbing(t, a)),
            options.poolCredentials());
    ServerDialer dialer = new ServerDialer(options.tls()::upstreamProbes, registry::find);
    prober.dialer(dialer);
    DeleteSpool spool = null;
    if (deleteStream != null) {
      spool =
          new DeleteSpool(
              deleteStream.dir(),
              deleteStream.maxBytes(),
              (int) Math.max(100, Math.min(1000, loaderOptions.defaultServerTimeoutMillis())));
      spool.dialer(dialer);
      prober.readmission(spool::deliverThenReadmit);
    }
    ConfigLoader loader = new ConfigLoader(loaderOptions, registry, spool);
    String text = source.read();
    LoadedConfig config;
    try {
      config = loader.load(text, source.describe());
    } catch (ConfigException | RuntimeException e) {
      if (spool != null) {
        spool.close();
      }
      throw e;
    }
    ProxyState state = new ProxyState(config, registry, options, VERSION);
    if (spool != null) {
      DeleteSpool s = spool;
      state.addStats(
          out -> {
            out.accept("asynclog_spooled", s.spooled());
            out.accept("asynclog_delivered", s.delivered());
            out.accept("asynclog_pending", s.pending());
            out.accept("asynclog_dropped", s.dropped());
            out.accept("asynclog_delivery_errors", s.deliveryErrors());
            out.accept("asynclog_delivery_retries", s.deliveryRetries());
            out.accept("asynclog_write_failures", s.writeFailures());
            out.accept("asynclog_bytes", s.bytesOnDisk());
          });
      // Servers that missed deletes before a restart stay out until they got them.
      var pending = spool.serversWithPending();
      for (var d : registry.all()) {
        if (pending.contains(d.address().toString())) {
          d.health().recordUndeliveredDeletes();
        }
      }
    }
    ProxyServer server = new ProxyServer(state, threads);
    List<InetSocketAddress> bound;
    try {
      bound = server.start(listen);
    } catch (RuntimeException | InterruptedException e) {
      server.close();
      prober.close();
      if (spool != null) {
        spool.close();
      }
      throw e;
    }
    ConfigWatcher watcher = null;
    RingChangeWarmUp warmUp = new RingChangeWarmUp(ringWarmUpSeconds, config, state::swapConfig);
    warmUp.moveKeysOfLeavingServers(
        new LeavingServerMover(
            () -> bound.get(0),
            dialer,
            () -> options.clientAuth() == null ? null : options.clientAuth().first()));
    List<AutoCloseable> kube = new ArrayList<>();
    ConfigReporter reporter =
        kubeDelivery == null || kubeDelivery.reportTo() == null
            ? null
            : new ConfigReporter(
                kubeDelivery.api(), kubeDelivery.reportTo(), kubeDelivery.reportKey());
    if (reporter != null) {
      kube.add(reporter);
      reporter.report(config.md5());
    }
    if (source instanceof ConfigSource.FromFile file
        && (reloadIntervalMillis > 0 || kubeDelivery != null)) {
      watcher =
          new ConfigWatcher(
              file,
              loader,
              state::config,
              new ConfigWatcher.Listener() {
                @Override
                public void loaded(LoadedConfig cfg) {
                  // reported once the keys that change owner have been moved: the operator then
                  // knows a server that left or stood in may go
                  warmUp.loaded(
                      cfg,
                      () -> {
                        if (reporter != null) {
                          reporter.report(cfg.md5());
                        }
                      });
                  state.stats().configReloads.increment();
                }

                @Override
                public void rejected(ConfigException error) {
                  // the error before the count: whoever sees the count sees its error
                  state.stats().lastConfigError = error.getMessage();
                  state.stats().lastConfigFailureMillis = System.currentTimeMillis();
                  state.stats().configReloadFailures.increment();
                }
              });
      if (reloadIntervalMillis > 0) {
        watcher.start(reloadIntervalMillis);
      }
      if (kubeDelivery != null && kubeDelivery.configMap() != null) {
        ConfigWatcher target = watcher;
        String describe = "ConfigMap " + kubeDelivery.configMap();
        ConfigMapWatch watch =
            new ConfigMapWatch(
                kubeDelivery.api(),
                kubeDelivery.configMap(),
                kubeDelivery.configKey(),
                t -> target.offer(t, describe));
        watcher.fileIsFallback(watch::healthy);
        kube.add(watch.start());
      }
    }
    RunningProxy running = new RunningProxy(server, prober, watcher, warmUp, bound, spool, kube);
    running.watchFiles(options);
    return running;
  }

  /**
   * The files to reload when their content changes ({@link WatchedFiles}, started by {@code
   * --watch-files-interval}): the TLS files of both sides, {@code --auth-file}, the credentials
   * files pools name.
   */
  private void watchFiles(ProxyOptions options) {
    var tls = options.tls();
    if (!tls.clientFacingFiles().isEmpty()) {
      files.watch(
          "TLS certificate for clients (--server-pem-*)",
          tls.clientFacingFiles(),
          () -> {
            tls.reloadClientFacing();
            return null;
          });
    }
    if (tls.hasUpstreamFiles()) {
      files.watch(
          "TLS files toward servers (--pem-*)",
          tls.upstreamFiles(),
          () -> {
            tls.reloadUpstream();
            return null;
          });
    }
    var auth = options.clientAuth();
    if (auth != null) {
      files.watch(
          "auth file " + auth.file(),
          java.util.List.of(auth.file().toString()),
          () -> auth.reload() + " entries");
    }
    options.poolCredentials().watchWith(files);
    ProxyState st = server.state();
    st.addStats(
        out -> {
          out.accept("file_reloads", files.reloads());
          out.accept("file_reload_failures", files.failures());
        });
  }

  /** The watched files: {@code start} polls them, {@code check} compares them now (tests). */
  public WatchedFiles files() {
    return files;
  }

  public List<InetSocketAddress> addresses() {
    return addresses;
  }

  public int port() {
    return addresses.get(0).getPort();
  }

  public ProxyState state() {
    return server.state();
  }

  /** The proxy's {@code /metrics}, to serve and to add families to (the async delete spool). */
  public synchronized ProxyMetrics metrics() {
    if (metrics == null) {
      metrics = new ProxyMetrics(state());
      if (spool != null) {
        metrics.register(new DeleteSpoolMetrics(spool));
      }
      metrics.register(
          out -> {
            out.add(
                "memkube_proxy_file_reloads_total",
                io.memkube.protocol.metrics.MetricFamilies.Type.COUNTER,
                "Watched files (TLS, --auth-file, credentials files) reloaded after their content"
                    + " changed.",
                files.reloads());
            out.add(
                "memkube_proxy_file_reload_failures_total",
                io.memkube.protocol.metrics.MetricFamilies.Type.COUNTER,
                "Watched files that changed but could not be used (the previous ones stayed).",
                files.failures());
          });
    }
    return metrics;
  }

  /** Checks the watched file now instead of waiting for the next poll (tests). */
  public void checkConfigNow() {
    if (watcher != null) {
      watcher.check();
    }
  }

  /** Client connections open now. */
  public int openConnections() {
    return (int) server.state().stats().currentConnections.sum();
  }

  @Override
  public void close() {
    for (AutoCloseable c : kube) {
      try {
        c.close();
      } catch (Exception e) {
        // closing anyway
      }
    }
    if (watcher != null) {
      watcher.close();
    }
    files.close();
    warmUp.close();
    server.close();
    prober.close();
    if (spool != null) {
      spool.close();
    }
  }

  /** The delete spool, or null when the delete stream is off. */
  public DeleteSpool spool() {
    return spool;
  }
}
