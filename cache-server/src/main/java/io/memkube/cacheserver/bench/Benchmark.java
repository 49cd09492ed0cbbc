package io.memkube.cacheserver.bench;

import io.memkube.cacheserver.cli.JvmOptions;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Starts Debian's memcached and memkube-cache-server with the same -m and -t, loads the same items
 * into both, drives the same mixed load at both (alternating rounds, so background noise hits
 * both), and prints ops/s, p50/p99 latency and resident memory per item with the ratios.
 *
 * <p>Options (system properties): items (2000000), valueSize (100), memoryMb (1024), threads (4),
 * connections (4), depth (16), seconds (15), rounds (2), memcaslapRounds (5), jar (path of
 * memkube-cache-server.jar), memcached (/usr/bin/memcached), java (this JVM's java), jvmOptions
 * (more options for memkube's JVM, after those of {@link JvmOptions}).
 */
public final class Benchmark {
  private Benchmark() {}

  record Server(String name, Process process, int port) {}

  record Figures(double ops, double p50Micros, double p99Micros, long rssBytes, long items) {}

  public static void main(String[] args) throws Exception {
    long items = Long.getLong("items", 2_000_000);
    int valueSize = Integer.getInteger("valueSize", 100);
    int memoryMb = Integer.getInteger("memoryMb", 1024);
    int threads = Integer.getInteger("threads", 4);
    int connections = Integer.getInteger("connections", 4);
    int depth = Integer.getInteger("depth", 16);
    double seconds = Double.parseDouble(System.getProperty("seconds", "15"));
    int rounds = Integer.getInteger("rounds", 2);
    String jar = System.getProperty("jar", "cache-server/target/memkube-cache-server.jar");
    String memcachedBin = System.getProperty("memcached", "/usr/bin/memcached");
    // -DtlsCert=PEM -DtlsKey=PEM: both servers with -Z and these files, clients over TLS
    String tlsCert = System.getProperty("tlsCert");
    String tlsKey = System.getProperty("tlsKey");
    List<String> tlsFlags =
        tlsCert == null
            ? List.of()
            : List.of("-Z", "-o", "ssl_chain_cert=" + tlsCert + ",ssl_key=" + tlsKey);
    javax.net.SocketFactory sockets = tlsCert == null ? null : benchTlsSockets();
    String java =
        System.getProperty(
            "java", Path.of(System.getProperty("java.home"), "bin", "java").toString());

    System.out.printf(
        Locale.ROOT,
        "benchmark: %d items of %d-byte values, -m %d -t %d, %d connections x pipeline %d,"
            + " %d rounds of %.0fs per server, %d CPUs%s%n",
        items,
        valueSize,
        memoryMb,
        threads,
        connections,
        depth,
        rounds,
        seconds,
        Runtime.getRuntime().availableProcessors(),
        tlsCert == null ? "" : ", TLS (-Z)");

    List<Server> servers = new ArrayList<>();
    try {
      int mcPort = freePort();
      servers.add(
          start(
              "memcached",
              List.of(
                  memcachedBin,
                  "-p",
                  "" + mcPort,
                  "-l",
                  "127.0.0.1",
                  "-U",
                  "0",
                  "-u",
                  "root",
                  "-m",
                  "" + memoryMb,
                  "-t",
                  "" + threads,
                  "-c",
                  "4096"),
              mcPort,
              tlsFlags));
      int ourPort = freePort();
      List<String> ours = new ArrayList<>();
      ours.add(java);
      ours.addAll(JvmOptions.forMemory(memoryMb));
      String extra = System.getProperty("jvmOptions", "").trim();
      if (!extra.isEmpty()) {
        ours.addAll(List.of(extra.split("\\s+")));
      }
      ours.addAll(
          List.of(
              "-jar",
              jar,
              "-p",
              "" + ourPort,
              "-l",
              "127.0.0.1",
              "-m",
              "" + memoryMb,
              "-t",
              "" + threads,
              "-c",
              "4096"));
      ours.addAll(tlsFlags);
      servers.add(start("memkube", ours, ourPort));

      Figures[] figs = new Figures[servers.size()];
      for (int i = 0; i < servers.size(); i++) {
        Server s = servers.get(i);
        LoadGenerator g = new LoadGenerator(s.port(), valueSize, sockets);
        long t0 = System.nanoTime();
        g.preload(items, connections);
        System.out.printf(
            Locale.ROOT,
            "%-9s preloaded %d items in %.1fs%n",
            s.name(),
            items,
            (System.nanoTime() - t0) / 1e9);
        // warm-up (JIT for the JVM, caches for both)
        g.run(items, connections, depth, Math.min(5, seconds), 1);
      }
      double[] opsSum = new double[servers.size()];
      org.HdrHistogram.Histogram[] hist = new org.HdrHistogram.Histogram[servers.size()];
      for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < servers.size(); i++) {
          Server s = servers.get(i);
          LoadGenerator.Result res =
              new LoadGenerator(s.port(), valueSize, sockets)
                  .run(items, connections, depth, seconds, 42 + r);
          opsSum[i] += res.opsPerSecond();
          if (hist[i] == null) {
            hist[i] = res.latencyNanos();
          } else {
            hist[i].add(res.latencyNanos());
          }
          System.out.printf(
              Locale.ROOT,
              "round %d %-9s %10.0f req/s  p50 %7.1f us  p99 %7.1f us  misses %d%n",
              r + 1,
              s.name(),
              res.opsPerSecond(),
              res.latencyNanos().getValueAtPercentile(50) / 1e3,
              res.latencyNanos().getValueAtPercentile(99) / 1e3,
              res.misses());
        }
      }
      for (int i = 0; i < servers.size(); i++) {
        Server s = servers.get(i);
        figs[i] =
            new Figures(
                opsSum[i] / rounds,
                hist[i].getValueAtPercentile(50) / 1e3,
                hist[i].getValueAtPercentile(99) / 1e3,
                rss(s.process().pid()),
                items);
      }
      System.out.println();
      System.out.printf(
          Locale.ROOT,
          "%-10s %12s %10s %10s %12s %12s%n",
          "server",
          "req/s",
          "p50 us",
          "p99 us",
          "RSS MiB",
          "RSS B/item");
      for (int i = 0; i < servers.size(); i++) {
        Figures f = figs[i];
        System.out.printf(
            Locale.ROOT,
            "%-10s %12.0f %10.1f %10.1f %12.1f %12.1f%n",
            servers.get(i).name(),
            f.ops(),
            f.p50Micros(),
            f.p99Micros(),
            f.rssBytes() / 1048576.0,
            (double) f.rssBytes() / f.items());
      }
      if (tlsCert == null) {
        memcaslap(servers, seconds); // memcaslap speaks no TLS
      }
      Figures mc = figs[0];
      Figures us = figs[1];
      System.out.printf(
          Locale.ROOT,
          "%nratios memkube/memcached: throughput %.2fx (target >= 1.0), p99 %.2fx (target <= 1.2),"
              + " RSS per item %.2fx (target <= 1.1)%n",
          us.ops() / mc.ops(),
          us.p99Micros() / mc.p99Micros(),
          (double) us.rssBytes() / mc.rssBytes());
    } finally {
      for (Server s : servers) {
        s.process().destroy();
        s.process().waitFor();
      }
    }
  }

  /**
   * A second opinion from libmemcached's memcaslap (if installed): 32 connections without
   * pipelining, its default 9:1 get/set mix over its own keys, the same duration per server, after
   * one uncounted round each.
   */
  private static void memcaslap(List<Server> servers, double seconds) throws Exception {
    String bin = System.getProperty("memcaslap", "/usr/bin/memcaslap");
    if (!new File(bin).canExecute()) {
      System.out.println("(memcaslap not installed: no second opinion)");
      return;
    }
    // one uncounted round each first: memcaslap's traffic (unpipelined, 32 new connections, new
    // keys) takes code paths the pipelined load did not warm up, and the JIT compiles them in the
    // first seconds
    for (Server server : servers) {
      memcaslapRound(bin, server, seconds);
    }
    int rounds = Integer.getInteger("memcaslapRounds", 5);
    double[][] tps = new double[servers.size()][rounds];
    double[] pairRatios = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < servers.size(); i++) {
        tps[i][r] = memcaslapRound(bin, servers.get(i), seconds);
        System.out.printf(
            Locale.ROOT,
            "memcaslap round %d %-9s %10.0f ops/s%n",
            r + 1,
            servers.get(i).name(),
            tps[i][r]);
      }
      pairRatios[r] = tps[0][r] > 0 ? tps[1][r] / tps[0][r] : 0;
    }
    double mcMedian = median(tps[0]);
    double usMedian = median(tps[1]);
    if (mcMedian > 0) {
      System.out.printf(
          Locale.ROOT,
          "memcaslap median ops/s: memcached %.0f, memkube %.0f, ratio %.2fx%n",
          mcMedian,
          usMedian,
          usMedian / mcMedian);
      // each round's pair ran back to back, so its ratio shares the machine's state of the moment;
      // the median of those ratios is less moved by the machine drifting between rounds
      double[] sorted = pairRatios.clone();
      java.util.Arrays.sort(sorted);
      System.out.printf(
          Locale.ROOT,
          "memcaslap per-round ratios %s: median %.2fx%n",
          java.util.Arrays.stream(pairRatios)
              .mapToObj(x -> String.format(Locale.ROOT, "%.2fx", x))
              .toList(),
          median(pairRatios));
    }
  }

  /** One memcaslap run against {@code server}: its TPS, 0 if it printed none. */
  private static double memcaslapRound(String bin, Server server, double seconds)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                bin,
                "-s",
                "127.0.0.1:" + server.port(),
                "-t",
                ((int) seconds) + "s",
                "-T",
                "2",
                "-c",
                "32",
                "-X",
                "100")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("Run time: .* TPS: (\\d+)").matcher(out);
    double tps = 0;
    while (m.find()) {
      tps = Double.parseDouble(m.group(1));
    }
    return tps;
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    java.util.Arrays.sort(v);
    return v[v.length / 2];
  }

  private static Server start(String name, List<String> cmd, int port, List<String> extra)
      throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(cmd);
    all.addAll(extra);
    return start(name, all, port);
  }

  /**
   * Client sockets for the TLS run. They trust any certificate: the benchmark measures the cost of
   * the encryption on loopback against servers it started itself, not who they are.
   */
  private static javax.net.SocketFactory benchTlsSockets() throws Exception {
    javax.net.ssl.TrustManager trustAll =
        new javax.net.ssl.X509TrustManager() {
          @Override
          public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {}

          @Override
          public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {}

          @Override
          public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
          }
        };
    javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLSv1.3");
    ctx.init(null, new javax.net.ssl.TrustManager[] {trustAll}, null);
    return ctx.getSocketFactory();
  }

  // the probe socket is only opened to see that the server accepts, then closed
  @SuppressWarnings("try")
  private static Server start(String name, List<String> cmd, int port)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return new Server(name, p, port);
      } catch (IOException e) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          p.destroy();
          throw new IOException(name + " did not start: " + String.join(" ", cmd));
        }
        Thread.sleep(50);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Resident set size from /proc/PID/status (VmRSS), in bytes. */
  static long rss(long pid) throws IOException {
    Path status = Path.of("/proc", "" + pid, "status");
    if (!new File(status.toString()).exists()) {
      return -1;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmRSS:")) {
        String[] parts = line.trim().split("\\s+");
        return Long.parseLong(parts[1]) * 1024;
      }
    }
    return -1;
  }
}
