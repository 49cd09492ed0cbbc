package io.memkube.proxy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The loopback operations benchmark ({@code proxy/bench/operations}, docs/operations.md): cache
 * servers and one proxy as real processes on loopback, steady traffic through the proxy, and the
 * routine operations of issue 13 one after the other. Before each operation 1000 keys are written
 * through the proxy; after it (and a settle period) they are read back. Prints one table row per
 * operation: failed requests during it, and how many of the earlier keys still hit.
 */
@Command(name = "operations-benchmark", mixinStandardHelpOptions = true)
public final class OperationsBenchmark implements Callable<Integer> {
  static final int KEYS_BEFORE_EACH = 1000;

  /** The longest the counted window goes on after an operation while requests still fail. */
  static final long MAX_AFTER_MILLIS = 60_000;

  @Option(names = "--server-jar", required = true)
  Path serverJar;

  @Option(names = "--proxy-jar", required = true)
  Path proxyJar;

  @Option(names = "--java", description = "The java launcher (default: this JVM's).")
  String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  @Option(names = "--jvm-option", description = "A JVM option for every process (repeat).")
  List<String> jvmOptions = new ArrayList<>();

  @Option(names = "--server-flag", description = "An extra cache-server flag (repeat).")
  List<String> serverFlags = new ArrayList<>();

  @Option(names = "--proxy-flag", description = "An extra proxy flag (repeat).")
  List<String> proxyFlags = new ArrayList<>();

  @Option(names = "--servers", defaultValue = "3")
  int servers;

  @Option(
      names = "--min-ready-ms",
      defaultValue = "1000",
      description =
          "After a server answers again, wait this long before the next step (the StatefulSet's"
              + " minReadySeconds); default: ${DEFAULT-VALUE}.")
  long minReadyMillis;

  @Option(
      names = "--settle-ms",
      defaultValue = "2000",
      description =
          "Traffic is counted after each operation until this long has passed without a failed"
              + " request; default: ${DEFAULT-VALUE}.")
  long settleMillis;

  @Option(
      names = "--keep-leaving-ms",
      defaultValue = "0",
      description =
          "A removed server stops this long after the proxy runs the config without it (the"
              + " operator keeps it for the proxies' ring-change warm-up); default: ${DEFAULT-VALUE}.")
  long keepLeavingMillis;

  @Option(
      names = "--operator-roll",
      description =
          "Roll as the operator does with memkube's proxies: each server's place goes to the next"
              + " server (the proxy moves its keys there) before it restarts, and comes back after"
              + " it (the keys move back). Needs a ring-change warm-up.")
  boolean operatorRoll;

  @Option(
      names = "--move-wait-ms",
      defaultValue = "1000",
      description =
          "With --operator-roll: after the proxy runs a new config, wait this long for its key"
              + " move (the operator waits for the proxies' reports instead); default:"
              + " ${DEFAULT-VALUE}.")
  long moveWaitMillis;

  @Option(
      names = "--only",
      description =
          "Run only the operations whose names contain this (e.g. kill); default: all of them.")
  String only = "";

  @Option(names = "--work-dir", description = "Config and logs (default: a new temporary one).")
  Path workDir;

  private final List<LocalProcess> ring = new ArrayList<>();

  /** The server whose place the next one takes (the operator's roll), or null. */
  private Integer standIn;

  private Path config;
  private TextConnection admin;
  private int proxyPort;
  private int nextServer;
  private final List<String> rows = new ArrayList<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new OperationsBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (workDir == null) {
      workDir = Files.createTempDirectory("memkube-ops-");
    }
    config = workDir.resolve("proxy.json");
    for (int i = 0; i < servers; i++) {
      ring.add(startServer(2));
    }
    writeConfig();
    proxyPort = FreePort.next();
    LocalProcess proxy = new LocalProcess("proxy", proxyPort, workDir.resolve("proxy.log"));
    List<String> cmd = new ArrayList<>(jvm());
    cmd.addAll(
        List.of(
            "-jar",
            proxyJar.toString(),
            "-p",
            Integer.toString(proxyPort),
            "--listen-addresses",
            "127.0.0.1",
            "--num-proxies",
            "1",
            "--config",
            "file:" + config));
    cmd.addAll(proxyFlags);
    proxy.start(cmd);
    admin = new TextConnection(proxyPort, 3000);
    System.err.println("work dir " + workDir + "; servers " + ports() + ", proxy " + proxyPort);
    try (SteadyTraffic traffic = new SteadyTraffic(proxyPort)) {
      traffic.start();
      Thread.sleep(1000);
      measure(traffic, "rolling restart, -t 2 -> 3, one server at a time", this::rollingRestart);
      measure(traffic, "add a server (" + servers + " -> " + (servers + 1) + ")", this::addServer);
      measure(
          traffic,
          "remove a server (" + (servers + 1) + " -> " + servers + ")",
          this::removeServer);
      measure(traffic, "kill -9 a server, restart it", this::killAndRestart);
    } finally {
      admin.close();
      proxy.terminate();
      for (LocalProcess s : ring) {
        s.terminate();
      }
    }
    System.out.println();
    System.out.println("| operation | failed requests | earlier keys that still hit |");
    System.out.println("| --- | --- | --- |");
    rows.forEach(System.out::println);
    return 0;
  }

  private interface Operation {
    void run() throws Exception;
  }

  private void measure(SteadyTraffic traffic, String name, Operation op) throws Exception {
    if (!name.contains(only)) {
      return;
    }
    String prefix = "op" + rows.size() + ":";
    for (int i = 0; i < KEYS_BEFORE_EACH; i++) {
      store(prefix + i, String.valueOf(i));
    }
    SteadyTraffic.Counts before = traffic.counts();
    traffic.failures();
    long start = System.nanoTime();
    System.err.println("operation: " + name);
    opDoneNanos = 0;
    op.run();
    long ran = System.nanoTime();
    awaitQuiet(traffic);
    printFailures(traffic.failures(), start, ran);
    SteadyTraffic.Counts during = traffic.counts().minus(before);
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    int hits = 0;
    for (int i = 0; i < KEYS_BEFORE_EACH; i++) {
      admin.send("get " + prefix + i + "\r\n");
      String v;
      try {
        v = admin.readGet();
      } catch (TextConnection.ErrorReply e) {
        v = null;
      }
      if (String.valueOf(i).equals(v)) {
        hits++;
      }
    }
    rows.add(
        String.format(
            Locale.ROOT,
            "| %s | %d of %d (%.2f%%) in %d s | %d of %d |",
            name,
            during.failed(),
            during.sent(),
            100.0 * during.failed() / Math.max(1, during.sent()),
            seconds,
            hits,
            KEYS_BEFORE_EACH));
    System.err.println(rows.get(rows.size() - 1));
  }

  /** When the operation's server answered again (set by the kill), 0 when not known. */
  private long opDoneNanos;

  /**
   * What failed and when, on stderr: the reasons, and the failures in each 500 ms from the start of
   * the operation, with the moment the server answered again (so a failure can be placed).
   */
  private void printFailures(List<SteadyTraffic.Failure> failures, long start, long ran) {
    if (failures.isEmpty()) {
      return;
    }
    System.err.println("  failures by reason: " + SteadyTraffic.byReason(failures));
    Map<Long, Integer> slots = new TreeMap<>();
    for (SteadyTraffic.Failure f : failures) {
      slots.merge(TimeUnit.NANOSECONDS.toMillis(f.nanos() - start) / 500 * 500, 1, Integer::sum);
    }
    System.err.println(
        "  failures per 500 ms since the start (ms -> n): "
            + slots
            + (opDoneNanos > 0
                ? "; the server answered again at "
                    + TimeUnit.NANOSECONDS.toMillis(opDoneNanos - start)
                    + " ms"
                : "")
            + "; the operation returned at "
            + TimeUnit.NANOSECONDS.toMillis(ran - start)
            + " ms");
  }

  /**
   * Waits the settle period, then on while requests still fail: the window closes after {@code
   * --settle-ms} without a failure (at most {@link #MAX_AFTER_MILLIS} after the operation), so an
   * outage that outlasts the operation is counted whole.
   */
  private void awaitQuiet(SteadyTraffic traffic) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_AFTER_MILLIS);
    long failed = traffic.counts().failed();
    Thread.sleep(settleMillis);
    while (traffic.counts().failed() != failed && System.nanoTime() < end) {
      failed = traffic.counts().failed();
      Thread.sleep(settleMillis);
    }
  }

  /** Stores a key through the proxy, retrying while its server is still out of the ring. */
  private void store(String key, String value) throws Exception {
    for (int attempt = 0; ; attempt++) {
      admin.send("set " + key + " 0 0 " + value.length() + "\r\n" + value + "\r\n");
      try {
        admin.readStored();
        return;
      } catch (TextConnection.ErrorReply e) {
        if (attempt == 100) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  private void rollingRestart() throws Exception {
    if (operatorRoll) {
      operatorRoll();
      return;
    }
    for (LocalProcess s : ring) {
      int status = s.terminate();
      if (status != 0) {
        System.err.println(s.name() + " exited with " + status + " after SIGTERM");
      }
      s.start(serverCommand(s.port(), 3));
      Thread.sleep(minReadyMillis);
    }
  }

  /** The operator's roll (docs/operator.md): highest first, each one's place held by the next. */
  private void operatorRoll() throws Exception {
    for (int i = ring.size() - 1; i >= 0; i--) {
      LocalProcess s = ring.get(i);
      standIn = i;
      reconfigure();
      Thread.sleep(moveWaitMillis);
      int status = s.terminate();
      if (status != 0) {
        System.err.println(s.name() + " exited with " + status + " after SIGTERM");
      }
      s.start(serverCommand(s.port(), 3));
      Thread.sleep(minReadyMillis);
      standIn = null;
      reconfigure();
      Thread.sleep(moveWaitMillis);
    }
  }

  private void addServer() throws Exception {
    LocalProcess added = startServer(3);
    ring.add(added);
    reconfigure();
  }

  private void removeServer() throws Exception {
    LocalProcess removed = ring.remove(ring.size() - 1);
    reconfigure();
    Thread.sleep(keepLeavingMillis);
    removed.terminate();
  }

  private void killAndRestart() throws Exception {
    LocalProcess victim = ring.get(0);
    victim.kill();
    victim.restart();
    opDoneNanos = System.nanoTime();
    Thread.sleep(minReadyMillis);
  }

  /** Writes the new ring and waits until the proxy runs it (its config digest changes). */
  private void reconfigure() throws Exception {
    String old = digest();
    writeConfig();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (digest().equals(old)) {
      if (System.nanoTime() > deadline) {
        throw new IOException("the proxy did not load the new config within 30 s");
      }
      Thread.sleep(20);
    }
  }

  private String digest() throws IOException {
    admin.send("get __mcrouter__.config_md5_digest\r\n");
    String v = admin.readGet();
    return v == null ? "" : v;
  }

  private LocalProcess startServer(int threads) throws Exception {
    int port = FreePort.next();
    LocalProcess s =
        new LocalProcess("cache-" + nextServer++, port, workDir.resolve("cache-" + port + ".log"));
    s.start(serverCommand(port, threads));
    return s;
  }

  private List<String> serverCommand(int port, int threads) {
    List<String> cmd = new ArrayList<>(jvm());
    cmd.addAll(
        List.of(
            "-XX:MaxDirectMemorySize=160m",
            "-Xmx64m",
            "-XX:+UseSerialGC",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "-jar",
            serverJar.toString(),
            "-l",
            "127.0.0.1",
            "-p",
            Integer.toString(port),
            "-m",
            "16",
            "-t",
            Integer.toString(threads)));
    cmd.addAll(serverFlags);
    return cmd;
  }

  private List<String> jvm() {
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.addAll(jvmOptions);
    return cmd;
  }

  private List<Integer> ports() {
    return ring.stream().map(LocalProcess::port).toList();
  }

  /** The operator's shape: one pool, servers in order, new ones appended. */
  private void writeConfig() throws IOException {
    StringBuilder servers = new StringBuilder();
    for (int i = 0; i < ring.size(); i++) {
      LocalProcess s = ring.get(standIn != null && standIn == i ? (i + 1) % ring.size() : i);
      servers
          .append(servers.isEmpty() ? "" : ", ")
          .append("\"127.0.0.1:")
          .append(s.port())
          .append('"');
    }
    Path tmp = config.resolveSibling("proxy.json.tmp");
    Files.writeString(
        tmp,
        "{\"pools\": {\"cache\": {\"servers\": ["
            + servers
            + "]}}, \"route\": \"PoolRoute|cache\"}\n");
    Files.move(tmp, config, StandardCopyOption.ATOMIC_MOVE);
  }
}
