package io.memkube.proxy.cli;

import io.memkube.protocol.health.GracefulStop;
import io.memkube.protocol.health.HealthServer;
import io.memkube.protocol.logging.DataPlaneLogging;
import io.memkube.proxy.RunningProxy;
import io.memkube.proxy.config.ConfigSource;
import io.memkube.proxy.configmodel.parse.ConfigException;
import io.memkube.proxy.configmodel.parse.ConfigValidator;
import io.memkube.proxy.configmodel.parse.LoaderOptions;
import io.memkube.proxy.kube.KubeApi;
import io.memkube.proxy.kube.ObjectRef;
import io.memkube.proxy.pool.ConnectionLimits;
import io.memkube.proxy.state.ProxyOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar memkube-proxy.jar}: mcrouter's flag names and meanings. */
@Command(
    name = "memkube-proxy",
    mixinStandardHelpOptions = true,
    version = RunningProxy.VERSION,
    sortOptions = false,
    description = "An mcrouter-compatible memcached proxy.")
public final class ProxyMain implements Callable<Integer> {

  @Option(
      names = {"-p", "--port"},
      split = ",",
      description = "Port(s) to listen on (default: ${DEFAULT-VALUE}).",
      defaultValue = "5000")
  List<Integer> ports;

  @Option(
      names = "--listen-addresses",
      split = ",",
      description = "Addresses to listen on (default: ${DEFAULT-VALUE}).",
      defaultValue = "0.0.0.0")
  List<String> listenAddresses;

  @picocli.CommandLine.Mixin TlsFlags tlsFlags = new TlsFlags();

  @Option(
      names = "--auth-file",
      paramLabel = "FILE",
      description =
          "memkube only: clients must log in as to memcached's -Y (set <any> 0 0 <n>, then"
              + " 'user password' from this file of user:password lines); re-read on SIGHUP.")
  String authFile;

  @Option(
      names = "--pool-credentials-file",
      paramLabel = "FILE",
      description =
          "memkube only: log in to the servers of pools without a credentials_file of their own"
              + " (servers started with -Y) with the first user:password entry of this file.")
  String poolCredentialsFile;

  @Option(
      names = "--watch-files-interval",
      paramLabel = "SECONDS",
      defaultValue = "10",
      description =
          "memkube only: every this many seconds, compare the TLS, --auth-file and credentials"
              + " files with their last content and reload those that changed, as SIGHUP would"
              + " (0: never; default: ${DEFAULT-VALUE}).")
  long watchFilesInterval;

  @Option(
      names = "--admin-keys-from",
      paramLabel = "all|loopback|none",
      description =
          "memkube only: which clients read the config, its file, the options and route queries"
              + " through __mcrouter__.* keys (version, config_md5_digest, config_age and hostid"
              + " stay open) (default: ${DEFAULT-VALUE}).",
      defaultValue = "loopback")
  String adminKeysFrom;

  @Option(names = "--config", description = "The config: file:PATH, or the JSON itself.")
  String config;

  @Option(
      names = {"-f", "--config-file"},
      description = "Path of the config file.")
  Path configFile;

  @Option(names = "--config-str", description = "The config as a JSON string.")
  String configStr;

  @Option(
      names = "--validate-config",
      arity = "0..1",
      fallbackValue = "exit",
      description =
          "Check the config and exit 0, or print what is wrong and exit 1 ('run': check, then run).")
  String validateConfig;

  @Option(
      names = "--config-params",
      split = ",",
      description = "Values for %%name%% in the config, as name:value[,name:value...].")
  List<String> configParams = new ArrayList<>();

  @Option(
      names = {"-R", "--route-prefix"},
      defaultValue = "/././",
      description = "Routing prefix of keys that have none (default: ${DEFAULT-VALUE}).")
  String routePrefix;

  @Option(
      names = "--send-invalid-route-to-default",
      description = "Send keys with an unknown routing prefix to the default route.")
  boolean sendInvalidRouteToDefault;

  /** More event loops than this only add server connections (each loop has its own). */
  static final int MAX_PROXY_THREADS = 1024;

  // mcrouter's default. One event loop also batches more requests per server write, which is
  // what makes the proxy cheaper per request than twemproxy (docs/proxy.md, "Benchmark").
  @Option(
      names = "--num-proxies",
      defaultValue = "1",
      description = "Proxy threads (event loops), as mcrouter's (default: ${DEFAULT-VALUE}).")
  int numProxies;

  @Option(
      names = "--server-timeout",
      defaultValue = "1000",
      description = "Per-request server timeout in ms (default: ${DEFAULT-VALUE}).")
  long serverTimeout;

  @Option(
      names = "--connect-timeout",
      defaultValue = "1000",
      description = "Connect timeout in ms (default: ${DEFAULT-VALUE}).")
  int connectTimeout;

  @Option(
      names = "--timeouts-until-tko",
      defaultValue = "3",
      description = "Consecutive timeouts that mark a server down (default: ${DEFAULT-VALUE}).")
  int timeoutsUntilTko;

  @Option(
      names = "--probe-timeout-initial",
      defaultValue = "10000",
      description = "First delay in ms before probing a down server (default: ${DEFAULT-VALUE}).")
  long probeInitial;

  @Option(
      names = "--probe-timeout-max",
      defaultValue = "60000",
      description = "Largest delay in ms between probes (default: ${DEFAULT-VALUE}).")
  long probeMax;

  @Option(
      names = "--probe-delay-after-hard-tko",
      defaultValue = "200",
      description =
          "memkube only: first delay in ms before probing a server that refused or closed a"
              + " connection (it stopped or restarts); then x1.5 up to 700 ms for 30 s, then as"
              + " after a timeout (default: ${DEFAULT-VALUE}).")
  long probeAfterHardTko;

  @Option(
      names = "--enable-flush-cmd",
      description = "Accept flush_all and send it to every server.")
  boolean enableFlushCmd;

  @Option(
      names = "--disable-miss-on-get-errors",
      description = "Answer failed gets with the error instead of a miss.")
  boolean disableMissOnGetErrors;

  // Accepted so that mcrouter command lines run unchanged: memkube always gives routes the
  // client's address, which mcrouter gives OriginalClientHashRoute only with this flag.
  @Option(
      names = "--retain-source-ip",
      description =
          "Accepted for mcrouter's command lines; the client's IP address always reaches"
              + " OriginalClientHashRoute here.")
  boolean retainSourceIp;

  @Option(
      names = "--max-client-outstanding-reqs",
      defaultValue = "1024",
      description =
          "Stop reading from a client with this many requests (one per key) unanswered"
              + " (0: no limit; default: ${DEFAULT-VALUE}).")
  int maxClientOutstanding;

  @Option(
      names = "--max-client-buffered-reply-bytes",
      defaultValue = "67108864",
      description =
          "memkube only: reply bytes that may wait for a client that does not read; values"
              + " beyond are answered SERVER_ERROR out of memory writing get response (0: no"
              + " limit; default: ${DEFAULT-VALUE}).")
  long maxClientReplyBytes;

  @Option(
      names = "--target-max-inflight-requests",
      defaultValue = "0",
      description = "Requests in flight per server connection; more wait (0: 10000).")
  int maxInflight;

  @Option(
      names = "--target-max-pending-requests",
      defaultValue = "100000",
      description = "Requests waiting per server connection; more fail with SERVER_ERROR.")
  int maxPending;

  @Option(
      names = "--reset-inactive-connection-interval",
      defaultValue = "60000",
      description = "Close server connections idle this many ms (0: never).")
  long idleClose;

  @Option(
      names = "--config-reload-interval",
      defaultValue = "1000",
      description = "How often in ms to check the config file for changes (0: never).")
  long reloadInterval;

  @Option(
      names = "--ring-change-warmup-seconds",
      defaultValue = "0",
      description =
          "memkube only: for this long after a reloaded config, gets that miss are read from the"
              + " previous config's servers and fill the new owner; deletes go to both (0: off,"
              + " mcrouter's plain reload; default: ${DEFAULT-VALUE}).")
  long ringWarmUpSeconds;

  @Option(
      names = "--tko-failover-exptime-seconds",
      defaultValue = "0",
      description =
          "memkube only: a pool's server that is down (TKO, or its connection broke under a"
              + " request) hands its requests at once to the next server in the pool that is up;"
              + " updates stored there expire within this many seconds, and the down server gets"
              + " a spooled delete of each such key (0: off, mcrouter's behaviour: its requests"
              + " fail until it answers a probe; default: ${DEFAULT-VALUE}).")
  long tkoFailoverExptimeSeconds;

  @Option(
      names = "--config-map",
      paramLabel = "NAMESPACE/NAME",
      description =
          "memkube only: also follow the config through the Kubernetes API (the pod's service"
              + " account): watch this ConfigMap's key named as the --config file; the mounted"
              + " file stays the fallback while the API cannot be read.")
  String configMap;

  @Option(
      names = "--report-config-to",
      paramLabel = "NAMESPACE/NAME",
      description =
          "memkube only: write the md5 of each config this proxy runs under --report-key into"
              + " this ConfigMap (a merge patch), so that the operator sees which proxies moved.")
  String reportConfigTo;

  @Option(
      names = "--report-key",
      paramLabel = "KEY",
      defaultValue = "${env:NODE_NAME}",
      description = "memkube only: this proxy's key for --report-config-to (default: $NODE_NAME).")
  String reportKey;

  @Option(
      names = "--health-port",
      paramLabel = "PORT",
      description =
          "memkube only, off by default: serve HTTP /healthz and /readyz on this port, each"
              + " answered by a version round trip to the proxy's own port, and Prometheus"
              + " /metrics.")
  Integer healthPort;

  @Option(
      names = "--shutdown-drain-seconds",
      paramLabel = "SECONDS",
      defaultValue = "0",
      description =
          "memkube only: on SIGTERM fail /readyz and keep serving open client connections this"
              + " long, then close them and exit 0 (default: ${DEFAULT-VALUE}).")
  int shutdownDrainSeconds;

  @Option(
      names = {"-a", "--async-dir"},
      paramLabel = "PATH",
      description =
          "Where deletes that could not be delivered are spooled (mcrouter's default, used when"
              + " writable: ${DEFAULT-VALUE}; otherwise $TMPDIR/memkube-proxy-spool; under a default"
              + " the files are in memkube-proxy-PORT).")
  Path asyncDir = Path.of(DeleteStreams.MCROUTER_DEFAULT_DIR);

  @Option(
      names = "--asynclog-disable",
      description = "Do not spool failed deletes: answer them with their error.")
  boolean asynclogDisable;

  @Option(
      names = "--async-spool-max-bytes",
      defaultValue = "67108864",
      description =
          "memkube only: bound on the delete spool's files; beyond it the oldest deletes are"
              + " dropped and counted in asynclog_dropped (default: ${DEFAULT-VALUE}).")
  long asyncSpoolMaxBytes;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = new PrintWriter(System.err, true);
    ConfigSource source;
    try {
      source = source();
    } catch (IllegalArgumentException e) {
      err.println("memkube-proxy: " + e.getMessage());
      return 2;
    }
    LoaderOptions loaderOptions;
    try {
      loaderOptions = loaderOptions();
    } catch (IllegalArgumentException e) {
      err.println("memkube-proxy: " + e.getMessage());
      return 2;
    }
    try {
      checkHealthPort();
      if (shutdownDrainSeconds < 0 || shutdownDrainSeconds > 3600) {
        throw new IllegalArgumentException("--shutdown-drain-seconds must be between 0 and 3600");
      }
      if (watchFilesInterval < 0 || watchFilesInterval > 86400) {
        throw new IllegalArgumentException("--watch-files-interval must be between 0 and 86400");
      }
      if (numProxies < 1 || numProxies > MAX_PROXY_THREADS) {
        throw new IllegalArgumentException(
            "--num-proxies must be between 1 and " + MAX_PROXY_THREADS);
      }
    } catch (IllegalArgumentException e) {
      err.println("memkube-proxy: " + e.getMessage());
      return 2;
    }
    if (validateConfig != null) {
      int rc = validate(source, loaderOptions);
      if (rc != 0 || !validateConfig.equals("run")) {
        return rc;
      }
    }
    io.memkube.proxy.tls.ProxyTls tls;
    io.memkube.proxy.admin.AdminAccess adminAccess;
    io.memkube.protocol.auth.Authenticator clientAuth = null;
    io.memkube.proxy.auth.CredentialFiles poolCredentials;
    try {
      poolCredentials =
          io.memkube.proxy.auth.CredentialFiles.withDefault(
              poolCredentialsFile == null ? null : Path.of(poolCredentialsFile));
      adminAccess = io.memkube.proxy.admin.AdminAccess.parse(adminKeysFrom);
      if (authFile != null) {
        clientAuth = new io.memkube.protocol.auth.Authenticator(java.nio.file.Path.of(authFile));
      }
      tls = tlsFlags.proxyTls();
    } catch (IllegalArgumentException
        | io.memkube.protocol.tls.TlsSetupException
        | io.memkube.protocol.auth.AuthFileException e) {
      err.println("memkube-proxy: " + e.getMessage());
      return 2;
    }
    ProxyOptions options =
        new ProxyOptions(
            maxClientOutstanding,
            enableFlushCmd,
            !disableMissOnGetErrors,
            new ConnectionLimits(
                maxInflight <= 0 ? 10_000 : maxInflight, maxPending, connectTimeout, idleClose),
            maxClientReplyBytes,
            tls,
            adminAccess,
            clientAuth,
            poolCredentials);
    List<InetSocketAddress> listen = new ArrayList<>();
    for (String a : listenAddresses) {
      for (int p : ports) {
        listen.add(new InetSocketAddress(a, p));
      }
    }
    RunningProxy.KubeDelivery kube;
    try {
      kube = kubeDelivery(source);
    } catch (IllegalArgumentException | IOException e) {
      err.println("memkube-proxy: " + e.getMessage());
      return 2;
    }
    RunningProxy proxy;
    try {
      proxy =
          RunningProxy.start(
              source,
              loaderOptions,
              options,
              new RunningProxy.HealthSettings(
                  timeoutsUntilTko, probeInitial, probeMax, probeAfterHardTko),
              numProxies,
              listen,
              reloadInterval,
              ringWarmUpSeconds,
              asynclogDisable
                  ? null
                  : DeleteStreams.choose(
                      asyncDir, asyncDirGiven(), ports.get(0), asyncSpoolMaxBytes, err),
              kube);
    } catch (ConfigException e) {
      err.println("memkube-proxy: bad config: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("memkube-proxy: cannot start: " + e.getMessage());
      return 1;
    }
    HealthServer health;
    try {
      health = startHealth(proxy.port()).orElse(null);
    } catch (IOException e) {
      err.println("memkube-proxy: cannot listen on health port " + healthPort + ": " + e);
      proxy.close();
      return 1;
    }
    if (health != null) {
      health.serveMetrics(proxy.metrics());
    }
    proxy.files().start(watchFilesInterval);
    if (clientAuth != null) {
      io.memkube.protocol.auth.Authenticator auth = clientAuth;
      io.memkube.protocol.signal.HangupSignal.onHangup(
          () -> {
            try {
              auth.reload();
            } catch (io.memkube.protocol.auth.AuthFileException e) {
              err.println("memkube-proxy: SIGHUP: auth file not re-read, the entries stay: " + e);
            }
          });
    }
    CountDownLatch stop = new CountDownLatch(1);
    new GracefulStop(
            "memkube-proxy",
            health,
            Duration.ofSeconds(shutdownDrainSeconds),
            new GracefulStop.Stoppable() {
              @Override
              public boolean running() {
                return stop.getCount() != 0;
              }

              @Override
              public int openConnections() {
                return proxy.openConnections();
              }

              @Override
              public void stop() {
                proxy.close();
                stop.countDown();
              }
            })
        .install();
    DataPlaneLogging.always(
        "memkube-proxy",
        "started: "
            + RunningProxy.VERSION
            + ", listening on "
            + proxy.addresses()
            + (health == null ? "" : ", health port " + health.port())
            + ", "
            + numProxies
            + " threads, config "
            + source.describe()
            + ", server timeout "
            + serverTimeout
            + " ms, probes after hard TKO from "
            + probeAfterHardTko
            + " ms, after timeouts from "
            + probeInitial
            + " ms"
            + describe(kube)
            + ", ring change warm-up "
            + ringWarmUpSeconds
            + " s, delete spool "
            + (proxy.spool() == null ? "off" : proxy.spool().dir())
            + ", shutdown drain "
            + shutdownDrainSeconds
            + " s");
    stop.await();
    return 0;
  }

  private boolean asyncDirGiven() {
    return !asyncDir.equals(Path.of(DeleteStreams.MCROUTER_DEFAULT_DIR));
  }

  /**
   * The config through the Kubernetes API, or null when neither {@code --config-map} nor {@code
   * --report-config-to} is given.
   */
  RunningProxy.KubeDelivery kubeDelivery(ConfigSource source) throws IOException {
    if (configMap == null && reportConfigTo == null) {
      return null;
    }
    ObjectRef watched = configMap == null ? null : ObjectRef.parse(configMap);
    ObjectRef reportTo = reportConfigTo == null ? null : ObjectRef.parse(reportConfigTo);
    String key = null;
    if (watched != null) {
      if (!(source instanceof ConfigSource.FromFile file)) {
        throw new IllegalArgumentException(
            "--config-map needs the config as a file (--config file:PATH), its fallback");
      }
      key = file.path().getFileName().toString();
    }
    if (reportTo != null && (reportKey == null || reportKey.isBlank())) {
      throw new IllegalArgumentException("--report-config-to needs --report-key (or $NODE_NAME)");
    }
    return new RunningProxy.KubeDelivery(KubeApi.inCluster(), watched, key, reportTo, reportKey);
  }

  private static String describe(RunningProxy.KubeDelivery kube) {
    if (kube == null) {
      return "";
    }
    return ", API server "
        + kube.api().base()
        + (kube.configMap() == null ? "" : ", watching ConfigMap " + kube.configMap())
        + (kube.reportTo() == null
            ? ""
            : ", reporting to ConfigMap " + kube.reportTo() + " as " + kube.reportKey());
  }

  /** Refuses a {@code --health-port} out of range or equal to a proxy port. */
  void checkHealthPort() {
    if (healthPort == null) {
      return;
    }
    if (healthPort < 0 || healthPort > 65535) {
      throw new IllegalArgumentException("--health-port must be between 0 and 65535");
    }
    if (healthPort != 0 && ports.contains(healthPort)) {
      throw new IllegalArgumentException("--health-port must differ from the proxy's ports (-p)");
    }
  }

  /**
   * Starts the health endpoints when {@code --health-port} is given: on the first listen address,
   * checking the proxy's first port there (or on loopback when that address is a wildcard). The
   * proxy answers {@code version} itself, so the probe checks the proxy, not the cache servers
   * behind it (their failures are the proxy's to route around, not a reason to restart it).
   *
   * @param proxyPort the first port the proxy is bound to
   */
  Optional<HealthServer> startHealth(int proxyPort) throws IOException {
    if (healthPort == null) {
      return Optional.empty();
    }
    InetAddress listen = InetAddress.getByName(listenAddresses.get(0));
    return Optional.of(HealthServer.startBeside(listen, healthPort, proxyPort));
  }

  private int validate(ConfigSource source, LoaderOptions loaderOptions) {
    String text;
    try {
      text = source.read();
    } catch (IOException e) {
      System.err.println("config unreadable: " + e.getMessage());
      return 1;
    }
    ConfigValidator.Result r = ConfigValidator.validate(text, loaderOptions);
    if (!r.valid()) {
      System.err.println("config invalid: " + r.error());
      return 1;
    }
    System.out.println(
        "config OK: " + r.pools() + " pool(s), " + r.servers() + " server(s), md5 " + r.md5());
    return 0;
  }

  private ConfigSource source() {
    int given =
        (config != null ? 1 : 0) + (configFile != null ? 1 : 0) + (configStr != null ? 1 : 0);
    if (given != 1) {
      throw new IllegalArgumentException(
          "give exactly one of --config, --config-file and --config-str");
    }
    if (configFile != null) {
      return new ConfigSource.FromFile(configFile);
    }
    if (configStr != null) {
      return new ConfigSource.Inline(configStr);
    }
    return ConfigSource.parse(config);
  }

  /**
   * The JVM's own name cache keeps an address 30 s and a failed lookup 10 s whatever the DNS TTL
   * says. The prober resolves a down server's name through it: a server whose pod was replaced has
   * a new address under the same name (a StatefulSet pod), published only once it is Ready, so
   * those caches kept the proxy probing the old address, or the earlier "no such name", for seconds
   * after the new pod was Ready. The data path resolves through Netty (DNS TTLs, no negative
   * cache). Must run before the first lookup.
   */
  static void followServerAddressChanges() {
    java.security.Security.setProperty("networkaddress.cache.ttl", "1");
    java.security.Security.setProperty("networkaddress.cache.negative.ttl", "0");
  }

  private LoaderOptions loaderOptions() {
    Map<String, String> params = new HashMap<>();
    for (String p : configParams) {
      int colon = p.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("--config-params expects name:value, got '" + p + "'");
      }
      params.put(p.substring(0, colon), p.substring(colon + 1));
    }
    return new LoaderOptions(
            serverTimeout,
            routePrefix,
            sendInvalidRouteToDefault,
            params,
            io.memkube.proxy.admin.AdminCommands.hostId())
        .withTkoFailover(tkoFailoverExptimeSeconds);
  }

  public static void main(String[] args) {
    followServerAddressChanges();
    io.memkube.protocol.logging.DataPlaneLogging.install(true);
    // leak tracking samples buffer allocations on the hot path and records a stack trace for each
    // sampled one (about 3% of the proxy's CPU under load); the tests keep it on, as for the cache
    // server
    io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
    int rc = new CommandLine(new ProxyMain()).execute(args);
    System.exit(rc);
  }
}
