package io.memkube.cacheserver.cli;

import static io.memkube.cacheserver.config.BadOptionException.EXIT_FAILURE;
import static io.memkube.cacheserver.config.BadOptionException.EX_USAGE;

import io.memkube.cacheserver.config.BadOptionException;
import io.memkube.cacheserver.config.BindingProtocol;
import io.memkube.cacheserver.config.CArgs;
import io.memkube.cacheserver.config.ServerSettings;
import io.memkube.cacheserver.config.Tuning;
import io.memkube.cacheserver.metrics.CacheServerMetrics;
import io.memkube.cacheserver.net.CacheServer;
import io.memkube.cacheserver.net.ListenSpec;
import io.memkube.cacheserver.restart.MemoryFile;
import io.memkube.cacheserver.tls.ServerTls;
import io.memkube.cacheserver.tls.TlsOptions;
import io.memkube.protocol.auth.AuthFile;
import io.memkube.protocol.auth.AuthFileException;
import io.memkube.protocol.health.GracefulStop;
import io.memkube.protocol.health.HealthServer;
import io.memkube.protocol.logging.DataPlaneLogging;
import io.memkube.protocol.reload.WatchedFiles;
import io.memkube.protocol.signal.HangupSignal;
import io.memkube.protocol.signal.ProcessSignal;
import io.memkube.protocol.tls.TlsSetupException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code memkube-cache-server}: memcached's command line, so it can stand in for memcached. */
@Command(
    name = "memkube-cache-server",
    mixinStandardHelpOptions = false,
    description = "A memcached-compatible cache server (text, meta and binary protocols).",
    sortOptions = false)
public final class Main implements Callable<Integer> {
  static final long MAX_MEMORY_MB = 16383;

  private static final Logger LOG = Logger.getLogger(Main.class.getName());

  @Spec CommandSpec spec;

  @Option(
      names = {"-p", "--port"},
      paramLabel = "NUM",
      description = "TCP port to listen on (default: 11211)")
  String port = "11211";

  @Option(
      names = {"-l", "--listen"},
      description = "interface to listen on (default: all)")
  String listen;

  @Option(
      names = {"-m", "--memory-limit"},
      paramLabel = "NUM",
      description = "item memory in megabytes (default: 64)")
  String memoryMegabytes = "64";

  @Option(
      names = {"-c", "--conn-limit"},
      paramLabel = "NUM",
      description = "max simultaneous connections (default: 1024)")
  String maxConnections = "1024";

  @Option(
      names = {"-t", "--threads"},
      paramLabel = "NUM",
      description = "number of worker threads (default: 4)")
  String threads = "4";

  @Option(
      names = {"-I", "--max-item-size"},
      paramLabel = "SIZE",
      description = "largest item, bytes or with k/m suffix (default: 1m)")
  String itemSizeMax = "1m";

  @Option(
      names = {"-U", "--udp-port"},
      paramLabel = "NUM",
      description = "UDP port, -1 for any free one (default: 0, off)")
  String udpPort = "0";

  @Option(
      names = {"-v", "--verbose"},
      description = "verbose (-v) or very verbose (-vv): log each command to stderr")
  boolean[] verbose = new boolean[0];

  @Option(
      names = {"-A", "--enable-shutdown"},
      description = "enable the ascii shutdown command")
  boolean shutdownEnabled;

  @Option(
      names = {"-b", "--listen-backlog"},
      paramLabel = "NUM",
      description = "listen backlog (default: 1024)")
  String backlog = "1024";

  @Option(
      names = {"-f", "--slab-growth-factor"},
      paramLabel = "FACTOR",
      description = "memcached's slab growth factor, for stats (default: 1.25)")
  String growthFactor;

  @Option(
      names = {"-n", "--slab-min-size"},
      paramLabel = "BYTES",
      description = "memcached's smallest chunk for key+value+flags, for stats (default: 48)")
  String chunkSize;

  @Option(
      names = {"-R", "--max-reqs-per-event"},
      paramLabel = "NUM",
      description = "accepted and checked as memcached does (default: 20)")
  String reqsPerEvent;

  @Option(
      names = {"-D"},
      paramLabel = "CHAR",
      description = "key prefix delimiter for stats detail (default: :)")
  String prefixDelimiter;

  @Option(
      names = {"-F", "--disable-flush-all"},
      description = "refuse flush_all")
  boolean flushDisabled;

  @Option(
      names = {"-C", "--disable-cas"},
      description = "items carry no CAS: gets shows 0, cas answers EXISTS")
  boolean casDisabled;

  @Option(
      names = {"-X", "--disable-dumping"},
      description = "accepted: memkube has no key dumps")
  boolean dumpDisabled;

  @Option(
      names = {"-W", "--disable-watch"},
      description = "refuse the watch command")
  boolean watchDisabled;

  @Option(
      names = {"-B", "--protocol"},
      paramLabel = "PROTO",
      description = "auto (the default: binary when the first byte is 0x80), ascii or binary")
  String bindingProtocol;

  @Option(
      names = {"-u", "--user"},
      description = "accepted for compatibility; the container decides the user")
  String user;

  @Option(
      names = {"-a", "--unix-mask"},
      paramLabel = "MASK",
      description = "accepted: applies to unix sockets only")
  String unixMask;

  @Option(
      names = {"-r", "--enable-coredumps"},
      description = "accepted and ignored")
  boolean coreDumps;

  @Option(
      names = {"-k", "--lock-memory"},
      description = "accepted and ignored")
  boolean lockMemory;

  @Option(
      names = {"-L", "--enable-largepages"},
      description = "accepted and ignored")
  boolean largePages;

  @Option(
      names = {"-P", "--pidfile"},
      paramLabel = "FILE",
      description = "with -d: write the background server's pid to FILE (removed when it stops)")
  String pidFile;

  @Option(
      names = {"-N", "--napi_ids"},
      paramLabel = "NUM",
      description = "accepted and ignored")
  String napiIds;

  @Option(
      names = {"-o", "--extended"},
      paramLabel = "OPTS",
      description =
          "memcached's extended options; idle_timeout is honoured, the others are checked as"
              + " memcached checks them and shown in stats settings")
  List<String> extended = new ArrayList<>();

  @Option(
      names = {"-M", "--disable-evictions"},
      description = "return errors on memory exhausted instead of evicting items")
  boolean noEvictions;

  @Option(
      names = {"-s", "--unix-socket"},
      hidden = true)
  String unixSocket;

  @Option(
      names = {"-d", "--daemon"},
      description = "run in the background: returns once the server listens")
  boolean daemon;

  @Option(
      names = {"-S", "--enable-sasl"},
      hidden = true)
  boolean sasl;

  @Option(
      names = {"-Y", "--auth-file"},
      hidden = true)
  String authFile;

  @Option(
      names = {"-e", "--memory-file"},
      paramLabel = "FILE",
      description =
          "warm restart: a clean stop saves the items to FILE (and FILE.meta), the next start"
              + " with it reads them back")
  String memoryFile;

  @Option(
      names = {"-Z", "--enable-ssl"},
      hidden = true)
  boolean tls;

  /** memcached ignores arguments that are not flags. */
  @Parameters(hidden = true)
  List<String> operands = new ArrayList<>();

  @Option(
      names = "--health-port",
      paramLabel = "PORT",
      description =
          "memkube only, off by default: serve HTTP /healthz and /readyz on this port, each"
              + " answered by a version round trip to the memcached port (listens where -l says),"
              + " and Prometheus /metrics")
  Integer healthPort;

  @Option(
      names = "--shutdown-drain-seconds",
      paramLabel = "SECONDS",
      description =
          "memkube only, 0 by default (memcached stops at once): on SIGTERM fail /readyz and keep"
              + " serving open connections this long, then close them and exit 0")
  int shutdownDrainSeconds;

  @Option(
      names = "--watch-files-interval",
      paramLabel = "SECONDS",
      description =
          "memkube only: every this many seconds, compare the -Z certificate, key and CA files and"
              + " the -Y auth file with their last content and reload those that changed, as"
              + " refresh_certs and SIGHUP would (0: never; default: 10)")
  int watchFilesInterval = io.memkube.protocol.reload.WatchedFiles.DEFAULT_INTERVAL_SECONDS;

  @Option(
      names = {"-V", "--version"},
      versionHelp = true,
      description = "print version and exit")
  boolean versionRequested;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "print this help and exit")
  boolean helpRequested;

  /** Whether the command line named this option (memcached treats some defaults differently). */
  private boolean optionGiven(String name) {
    CommandLine.ParseResult parsed = spec == null ? null : spec.commandLine().getParseResult();
    return parsed != null && parsed.hasMatchedOption(name);
  }

  /**
   * Validates the flags as memcached 1.6.18 does (its messages; exit status 1 for what it refuses
   * while reading a flag, 64 for what it refuses when checking them together) and builds the
   * settings.
   *
   * @throws BadOptionException for a flag memcached or memkube refuses
   */
  ServerSettings settings() {
    refuseUnsupported();
    Tuning tuning = tuning();
    int threadCount = (int) CArgs.atoi(threads);
    if (threadCount <= 0) {
      throw new BadOptionException("Number of threads must be greater than 0", EXIT_FAILURE);
    }
    if (threadCount > 64) {
      System.err.println(
          "WARNING: Setting a high number of workerthreads is not recommended.\n"
              + " Set this value to the number of cores in your machine or less.");
    }
    int conns = (int) CArgs.atoi(maxConnections);
    if (conns <= 0) {
      throw new BadOptionException("Maximum connections must be greater than 0", EXIT_FAILURE);
    }
    long tcp = CArgs.atoi(port);
    long udp = CArgs.atoi(udpPort);
    for (long p : new long[] {tcp, udp}) {
      if (p > 65535 || p < -1) {
        throw new BadOptionException("ERROR: Invalid port number " + p + ".", EX_USAGE);
      }
    }
    if (udp != 0 && !optionGiven("-p")) {
      // as memcached: -U alone moves the TCP port along with it (-U -1: both any free port)
      tcp = udp;
    }
    if (tcp == 0) {
      // memcached's -p 0: no TCP listener (UDP only, or nothing)
      tuning.noTcpListener();
      if (healthPort != null) {
        throw new BadOptionException(
            "--health-port needs a TCP port to probe: -p 0 turns TCP off", EX_USAGE);
      }
    }
    // memcached binds some free port for -1; 0 here means the same to the socket layer
    int tcpPort = tcp == -1 ? 0 : (int) tcp;
    tuning.udpPort((int) udp);
    long megabytes = CArgs.atoi(memoryMegabytes);
    if (megabytes < 0) {
      throw new BadOptionException("-m must be a positive number of megabytes", EX_USAGE);
    }
    if (megabytes > MAX_MEMORY_MB) {
      // item references are 32 bits of page and offset: 16 GiB of pages at most
      throw new BadOptionException(
          "-m can be at most " + MAX_MEMORY_MB + " megabytes in memkube-cache-server", EX_USAGE);
    }
    long itemMax = SizeConverter.leadingSize(itemSizeMax);
    if (itemMax < 1024) {
      throw new BadOptionException("Item max size cannot be less than 1024 bytes.", EX_USAGE);
    }
    if (itemMax > 1024L * 1024 * 1024) {
      throw new BadOptionException("Cannot set item size limit higher than 1 gigabyte.", EX_USAGE);
    }
    if (itemMax > megabytes * 1024 * 1024 / 2) {
      throw new BadOptionException(
          "Cannot set item size limit higher than 1/2 of memory max.", EX_USAGE);
    }
    tuning.check(itemMax, threadCount);
    if (authFile != null
        && bindingProtocol != null
        && BindingProtocol.parse(bindingProtocol) != BindingProtocol.ASCII) {
      // memcached checks this before it reads the -Y file or the TLS files
      throw new BadOptionException(
          "ERROR: You cannot allow the BINARY protocol while using ascii authentication tokens.",
          EX_USAGE);
    }
    if (authFile != null && tuning.udpPort() != 0) {
      // a datagram has no connection to log in on: memcached refuses the pair outright
      throw new BadOptionException(
          "Cannot use UDP with ascii authentication enabled (-U 0 to disable)", EX_USAGE);
    }
    if (tls) {
      tuning.enableTls();
      tuning.tls().checkSupported();
      try {
        new ServerTls(tuning.tls()); // memcached reads the files before it listens: exit 64
      } catch (TlsSetupException e) {
        throw new BadOptionException(e.getMessage(), EX_USAGE);
      }
    }
    if (authFile != null) {
      try {
        AuthFile.load(Path.of(authFile)); // memcached reads it before it listens
      } catch (AuthFileException e) {
        throw new BadOptionException(e.getMessage(), EXIT_FAILURE);
      }
      tuning.authFile(authFile);
    }
    if (memoryFile != null) {
      tuning.memoryFile(memoryFile);
    }
    if (healthPort != null && (healthPort < 0 || healthPort > 65535)) {
      throw new BadOptionException("--health-port must be between 0 and 65535", EX_USAGE);
    }
    if (healthPort != null && healthPort != 0 && healthPort == tcpPort) {
      throw new BadOptionException(
          "--health-port must differ from the memcached port (-p)", EX_USAGE);
    }
    if (shutdownDrainSeconds < 0 || shutdownDrainSeconds > 3600) {
      throw new BadOptionException("--shutdown-drain-seconds must be between 0 and 3600", EX_USAGE);
    }
    if (watchFilesInterval < 0 || watchFilesInterval > 86400) {
      throw new BadOptionException("--watch-files-interval must be between 0 and 86400", EX_USAGE);
    }
    return new ServerSettings(
        tcpPort,
        listen,
        megabytes * 1024 * 1024,
        conns,
        threadCount,
        itemMax,
        Math.min(2, verbose.length),
        shutdownEnabled,
        (int) CArgs.atoi(backlog),
        !noEvictions,
        tuning);
  }

  /** The tuning flags, checked in the order memcached reads them. */
  private Tuning tuning() {
    Tuning t = Tuning.defaults();
    if (growthFactor != null) {
      t.growthFactor(growthFactor);
    }
    if (chunkSize != null) {
      t.chunkSize(chunkSize);
    }
    if (reqsPerEvent != null) {
      t.reqsPerEvent(reqsPerEvent);
    }
    if (prefixDelimiter != null) {
      t.prefixDelimiter(prefixDelimiter);
    }
    if (flushDisabled) {
      t.disableFlush();
    }
    if (dumpDisabled) {
      t.disableDump();
    }
    if (watchDisabled) {
      t.disableWatch();
    }
    if (casDisabled) {
      t.disableCas();
    }
    if (bindingProtocol != null) {
      t.bindingProtocol(BindingProtocol.parse(bindingProtocol));
    }
    for (String group : extended) {
      // as getsubopt: an empty piece between commas is a suboption named "", the end is not
      String[] pieces = group.split(",", -1);
      int n = pieces[pieces.length - 1].isEmpty() ? pieces.length - 1 : pieces.length;
      for (int i = 0; i < n; i++) {
        t.apply(pieces[i]);
      }
    }
    return t;
  }

  /** memcached flags for features memkube does not have: refused rather than silently ignored. */
  private void refuseUnsupported() {
    String missing = null;
    if (unixSocket != null) {
      missing = "-s (unix sockets)";
    } else if (sasl) {
      missing = "-S (SASL, which authenticates the binary protocol only; use -Y)";
    }
    if (missing != null) {
      throw new BadOptionException("memkube-cache-server does not support " + missing, EX_USAGE);
    }
  }

  @Override
  public Integer call() throws Exception {
    ServerSettings s;
    try {
      s = settings();
    } catch (BadOptionException e) {
      return refuse(e, spec.commandLine().getErr());
    }
    if (daemon && !Daemon.inBackground()) {
      return Daemon.startInBackground(
          spec.commandLine().getParseResult().originalArgs(), s.verbosity() > 0);
    }
    // before anything logs: memcached's -v shows INFO, quiet otherwise
    DataPlaneLogging.install(s.verbosity() > 0);
    long direct = maxDirectMemory();
    long wanted = ((s.memoryLimitBytes() >> 20) * 6 / 5 + 128) << 20;
    if (direct > 0 && direct < wanted) {
      LOG.warning(
          () ->
              "the JVM's direct memory limit ("
                  + (direct >> 20)
                  + " MiB) is below -m plus index and buffers; start java with"
                  + " -XX:MaxDirectMemorySize="
                  + (wanted >> 20)
                  + "m");
    }
    // leak tracking samples allocations on the hot path; the tests keep it on
    io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
    CacheServer server = new CacheServer(s);
    MemoryFile warm = memoryFile == null ? null : new MemoryFile(Path.of(memoryFile));
    if (warm != null) {
      try {
        MemoryFile.Restored r = warm.restoreInto(server.cache());
        if (r != null) {
          LOG.info(() -> "restored " + r.items() + " items from " + memoryFile);
        }
      } catch (IOException e) {
        // memcached stops too: starting empty would drop, at the next clean stop, what was saved
        LOG.severe(() -> "cannot restore from " + memoryFile + ": " + e.getMessage());
        server.close();
        return EXIT_FAILURE;
      }
      server.beforeCacheFreed(() -> saveMemoryFile(warm, server));
    }
    int boundPort;
    try {
      boundPort = server.start();
    } catch (Exception e) {
      LOG.severe(() -> "failed to listen on port " + s.port() + ": " + e.getMessage());
      server.close();
      return BadOptionException.EX_OSERR;
    }
    HealthServer health;
    try {
      health = startHealth(boundPort, server.tls()).orElse(null);
    } catch (IOException | RuntimeException e) {
      LOG.severe(() -> "failed to listen on health port " + healthPort + ": " + e.getMessage());
      server.close();
      return BadOptionException.EX_OSERR;
    }
    WatchedFiles files = watchFiles(s, server);
    if (health != null) {
      health.serveMetrics(new CacheServerMetrics(server.stats(), s, server.cache(), files));
      int port = health.port();
      LOG.info(() -> "health endpoints on port " + port + " (/healthz, /readyz, /metrics)");
    }
    new GracefulStop(
            "memkube-cache-server",
            health,
            Duration.ofSeconds(shutdownDrainSeconds),
            new GracefulStop.Stoppable() {
              @Override
              public boolean running() {
                return server.running();
              }

              @Override
              public int openConnections() {
                return server.openConnections();
              }

              @Override
              public void stop() {
                server.close();
                if (daemon) {
                  Daemon.stopped(pidFile);
                }
              }
            })
        .install();
    if (s.tuning().authFile() != null) {
      HangupSignal.onHangup(() -> reloadAuthFile(server));
    }
    // memcached's graceful stop: the same path as SIGTERM (drain, stop, save the -e file, exit 0)
    ProcessSignal.on("USR1", () -> new Thread(() -> System.exit(0), "memkube-sigusr1").start());
    if (daemon) {
      Daemon.listening(pidFile);
    }
    DataPlaneLogging.always(
        "memkube-cache-server",
        "started: version "
            + ServerSettings.VERSION
            + ", listening on "
            + listeners(s, boundPort)
            + (health == null ? "" : ", health port " + health.port())
            + ", -m "
            + (s.memoryLimitBytes() >> 20)
            + " -c "
            + s.maxConnections()
            + " -t "
            + s.threads()
            + " -I "
            + s.itemSizeMax()
            + ", shutdown drain "
            + shutdownDrainSeconds
            + " s");
    server.awaitStop();
    if (daemon) {
      Daemon.stopped(pidFile);
    }
    files.close();
    if (health != null) {
      health.close();
    }
    return 0;
  }

  /**
   * {@code -e}: a clean stop saves the items; a failure leaves the next start empty, not stopped.
   */
  private static void saveMemoryFile(MemoryFile warm, CacheServer server) {
    if (warm == null) {
      return;
    }
    try {
      long n = warm.save(server.cache());
      if (n >= 0) {
        DataPlaneLogging.always("memkube-cache-server", "saved " + n + " items for a warm restart");
      }
    } catch (IOException | RuntimeException e) {
      LOG.severe(() -> "cannot save the memory file: " + e);
    }
  }

  /**
   * {@code --watch-files-interval}: the {@code -Z} files and the {@code -Y} file are reloaded when
   * their content changes, as {@code refresh_certs} and {@code SIGHUP} would (a rotated Kubernetes
   * Secret reaches the server with no signal and no restart).
   */
  private WatchedFiles watchFiles(ServerSettings s, CacheServer server) {
    WatchedFiles files = new WatchedFiles("memkube-cache-server");
    Tuning t = s.tuning();
    if (t.tlsEnabled()) {
      TlsOptions o = t.tls();
      files.watch(
          "TLS certificate (-o ssl_chain_cert, ssl_key, ssl_ca_cert)",
          Arrays.asList(o.chainCert(), o.key(), o.caCert()),
          () -> {
            server.reloadCertificates();
            return null;
          });
    }
    if (t.authFile() != null) {
      files.watch(
          "auth file " + t.authFile(),
          List.of(t.authFile()),
          () -> {
            server.reloadAuthFile();
            return null;
          });
    }
    if (t.tlsEnabled() || t.authFile() != null) {
      files.start(watchFilesInterval); // no thread when there is nothing to watch
    }
    return files;
  }

  /** The listeners for the start-up line: {@code [notls:]host:port}, comma separated. */
  private static String listeners(ServerSettings s, int boundPort) {
    StringBuilder b = new StringBuilder();
    for (ListenSpec l : ListenSpec.parse(s.listen(), boundPort, s.tuning().tlsEnabled())) {
      if (b.length() > 0) {
        b.append(',');
      }
      if (s.tuning().tlsEnabled()) {
        b.append(l.tls() ? "tls:" : "notls:");
      }
      b.append(l.host() == null ? "*" : l.host()).append(':').append(l.port());
    }
    return b.toString();
  }

  /** SIGHUP with {@code -Y}: memcached's re-read of the auth file; a bad file keeps the old one. */
  private static void reloadAuthFile(CacheServer server) {
    try {
      server.reloadAuthFile();
      LOG.info("SIGHUP: auth file re-read");
    } catch (AuthFileException e) {
      DataPlaneLogging.always(
          "memkube-cache-server",
          "SIGHUP: auth file not re-read, the previous entries stay: " + e.getMessage());
    }
  }

  /**
   * Starts the health endpoints when {@code --health-port} is given, where the server listens
   * ({@link HealthServer#startBeside}).
   *
   * @param memcachedPort the port the server is bound to
   */
  Optional<HealthServer> startHealth(int memcachedPort, ServerTls serverTls) throws IOException {
    if (healthPort == null) {
      return Optional.empty();
    }
    // the first -l listener: the one -p and the round trip go to
    ListenSpec first = ListenSpec.parse(listen, memcachedPort, serverTls != null).get(0);
    InetAddress listenAddress = first.host() == null ? null : InetAddress.getByName(first.host());
    if (first.tls()) {
      // the probe speaks TLS too, so it still proves the whole path; see ServerTls#probeSockets
      return Optional.of(
          HealthServer.startBeside(
              listenAddress, healthPort, memcachedPort, serverTls::probeSockets));
    }
    return Optional.of(HealthServer.startBeside(listenAddress, healthPort, memcachedPort));
  }

  private static long maxDirectMemory() {
    for (String arg :
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("-XX:MaxDirectMemorySize=")) {
        return new SizeConverter().convert(arg.substring("-XX:MaxDirectMemorySize=".length()));
      }
    }
    return Runtime.getRuntime().maxMemory();
  }

  /**
   * The settings memkube-cache-server would run with for these memcached-style flags.
   *
   * @throws BadOptionException for a flag memcached or memkube refuses
   * @throws CommandLine.ParameterException for an unknown flag or a missing value
   */
  public static ServerSettings settingsFor(String... args) {
    Main m = new Main();
    parserFor(m).parseArgs(args);
    return m.settings();
  }

  /** As memcached's getopt: a flag given twice takes its last value. */
  private static CommandLine parserFor(Main m) {
    return new CommandLine(m).setOverwrittenOptionsAllowed(true);
  }

  /** The command line, with memcached's answer to a flag it does not know. */
  static CommandLine commandLine() {
    CommandLine cl = parserFor(new Main());
    cl.getCommandSpec().version("memkube-cache-server " + ServerSettings.VERSION);
    cl.setParameterExceptionHandler((e, args) -> refuse(e, args, cl.getErr()));
    return cl;
  }

  /**
   * What memkube-cache-server says and exits with for these flags, without starting: 0 when it
   * would start.
   */
  static int refusal(String[] args, PrintWriter err) {
    Main m = new Main();
    try {
      parserFor(m).parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      return refuse(e, args, err);
    }
    try {
      m.settings();
      return 0;
    } catch (BadOptionException e) {
      return refuse(e, err);
    }
  }

  private static int refuse(CommandLine.ParameterException e, String[] args, PrintWriter err) {
    err.println(GetoptMessages.of(e, args));
    err.flush();
    return EXIT_FAILURE;
  }

  private static int refuse(BadOptionException e, PrintWriter err) {
    err.println(e.getMessage());
    err.flush();
    return e.exitCode();
  }

  public static void main(String[] args) {
    // Before Netty's first class loads: with java.nio opened to it (--add-opens, as the image and
    // docs/cache-server.md start the JVM), Netty allocates item pages with malloc, untouched until
    // written, instead of zero-filling a page per shard before its first item.
    if (System.getProperty("io.netty.tryReflectionSetAccessible") == null) {
      System.setProperty("io.netty.tryReflectionSetAccessible", "true");
    }
    int code = commandLine().execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }
}
