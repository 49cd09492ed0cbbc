package io.memkube.cacheserver.cli;

import io.memkube.cacheserver.config.ServerSettings;
import io.memkube.cacheserver.net.CacheServer;
import io.memkube.protocol.health.HealthServer;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code memkube-cache-server}: memcached's command line, so it can stand in for memcached. */
@Command(
    name = "memkube-cache-server",
    mixinStandardHelpOptions = false,
    description = "A memcached-compatible cache server (text and meta protocols).",
    sortOptions = false)
public final class Main implements Callable<Integer> {
  static final long MAX_MEMORY_MB = 16383;

  @Option(
      names = {"-p", "--port"},
      description = "TCP port to listen on (default: ${DEFAULT-VALUE})")
  int port = 11211;

  @Option(
      names = {"-l", "--listen"},
      description = "interface to listen on (default: all)")
  String listen;

  @Option(
      names = {"-m", "--memory-limit"},
      description = "item memory in megabytes (default: ${DEFAULT-VALUE})")
  long memoryMegabytes = 64;

  @Option(
      names = {"-c", "--conn-limit"},
      description = "max simultaneous connections (default: ${DEFAULT-VALUE})")
  int maxConnections = 1024;

  @Option(
      names = {"-t", "--threads"},
      description = "number of worker threads (default: ${DEFAULT-VALUE})")
  int threads = 4;

  @Option(
      names = {"-I", "--max-item-size"},
      converter = SizeConverter.class,
      description = "largest item, bytes or with k/m suffix (default: 1m)")
  long itemSizeMax = 1024 * 1024;

  @Option(
      names = {"-U", "--udp-port"},
      description = "UDP port; only 0 (off) is supported")
  int udpPort;

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
      description = "listen backlog (default: ${DEFAULT-VALUE})")
  int backlog = 1024;

  @Option(
      names = {"-u", "--user"},
      description = "accepted for compatibility; the container decides the user")
  String user;

  @Option(
      names = {"-o", "--extended"},
      split = ",",
      description = "extended options; accepted and ignored: memkube has no slab tuning")
  List<String> extended = new ArrayList<>();

  @Option(
      names = "--health-port",
      paramLabel = "PORT",
      description =
          "memkube only, off by default: serve HTTP /healthz and /readyz on this port, each"
              + " answered by a version round trip to the memcached port (listens where -l says)")
  Integer healthPort;

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

  /** Validates the flags as memcached does and builds the settings. */
  ServerSettings settings() {
    if (udpPort != 0) {
      throw new IllegalArgumentException("UDP is not supported: use -U 0");
    }
    if (memoryMegabytes <= 0) {
      throw new IllegalArgumentException("-m must be a positive number of megabytes");
    }
    if (memoryMegabytes > MAX_MEMORY_MB) {
      // item references are 32 bits of page and offset: 16 GiB of pages at most
      throw new IllegalArgumentException(
          "-m can be at most " + MAX_MEMORY_MB + " megabytes in memkube-cache-server");
    }
    if (itemSizeMax < 1024) {
      throw new IllegalArgumentException("Item max size cannot be less than 1024 bytes.");
    }
    if (itemSizeMax > 1024L * 1024 * 1024) {
      throw new IllegalArgumentException("Cannot set item size limit higher than 1 gigabyte.");
    }
    if (itemSizeMax > memoryMegabytes * 1024 * 1024 / 2) {
      throw new IllegalArgumentException(
          "Cannot set item size limit higher than 1/2 of memory max.");
    }
    if (threads <= 0) {
      throw new IllegalArgumentException("Number of threads must be greater than 0");
    }
    if (maxConnections <= 0) {
      throw new IllegalArgumentException("Maximum connections must be greater than 0");
    }
    if (healthPort != null && (healthPort < 0 || healthPort > 65535)) {
      throw new IllegalArgumentException("--health-port must be between 0 and 65535");
    }
    if (healthPort != null && healthPort != 0 && healthPort == port) {
      throw new IllegalArgumentException("--health-port must differ from the memcached port (-p)");
    }
    return new ServerSettings(
        port,
        listen,
        memoryMegabytes * 1024 * 1024,
        maxConnections,
        threads,
        itemSizeMax,
        Math.min(2, verbose.length),
        shutdownEnabled,
        backlog,
        true);
  }

  @Override
  public Integer call() throws Exception {
    ServerSettings s;
    try {
      s = settings();
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 64;
    }
    long direct = maxDirectMemory();
    long wanted = ((s.memoryLimitBytes() >> 20) * 6 / 5 + 128) << 20;
    if (direct > 0 && direct < wanted) {
      System.err.println(
          "warning: the JVM's direct memory limit ("
              + (direct >> 20)
              + " MiB) is below -m plus index and buffers; start java with"
              + " -XX:MaxDirectMemorySize="
              + (wanted >> 20)
              + "m");
    }
    // leak tracking samples allocations on the hot path; the tests keep it on
    io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
    CacheServer server = new CacheServer(s);
    int boundPort;
    try {
      boundPort = server.start();
    } catch (Exception e) {
      System.err.println("failed to listen on port " + s.port() + ": " + e.getMessage());
      server.close();
      return 71;
    }
    HealthServer health;
    try {
      health = startHealth(boundPort).orElse(null);
    } catch (IOException | RuntimeException e) {
      System.err.println("failed to listen on health port " + healthPort + ": " + e.getMessage());
      server.close();
      return 71;
    }
    if (health != null && s.verbosity() > 0) {
      System.err.println("health endpoints on port " + health.port() + " (/healthz, /readyz)");
    }
    Runtime.getRuntime()
        .addShutdownHook(HealthServer.shutdownHook(health, server::close, "memkube-sigterm"));
    server.awaitStop();
    if (health != null) {
      health.close();
    }
    return 0;
  }

  /**
   * Starts the health endpoints when {@code --health-port} is given, where the server listens
   * ({@link HealthServer#startBeside}).
   *
   * @param memcachedPort the port the server is bound to
   */
  Optional<HealthServer> startHealth(int memcachedPort) throws IOException {
    if (healthPort == null) {
      return Optional.empty();
    }
    InetAddress listenAddress = listen == null ? null : InetAddress.getByName(listen);
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

  public static void main(String[] args) {
    // Before Netty's first class loads: with java.nio opened to it (--add-opens, as the image and
    // docs/cache-server.md start the JVM), Netty allocates item pages with malloc, untouched until
    // written, instead of zero-filling a page per shard before its first item.
    if (System.getProperty("io.netty.tryReflectionSetAccessible") == null) {
      System.setProperty("io.netty.tryReflectionSetAccessible", "true");
    }
    CommandLine cl = new CommandLine(new Main());
    cl.getCommandSpec().version("memkube-cache-server " + ServerSettings.VERSION);
    int code = cl.execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }
}
