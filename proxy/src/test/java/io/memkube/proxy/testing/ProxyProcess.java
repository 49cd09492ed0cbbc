package io.memkube.proxy.testing;

import io.memkube.proxy.cli.ProxyMain;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * memkube-proxy as its own process, started with the JVM options of the proxy image (the {@code
 * images} profile of proxy/pom.xml hands them to the tests as {@code memkube.proxy.imageJvmFlags})
 * in a JVM that sees the memory limit the operator gives the proxy pod, so that what a hostile
 * client does to memory shows as it would in the cluster.
 */
public final class ProxyProcess implements AutoCloseable {
  /** The proxy DaemonSet's memory limit (operator's ProxyDaemonSetDependent). */
  public static final String POD_MEMORY_LIMIT = "512m";

  private final Process process;
  private final int port;
  private final Path log;

  private ProxyProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  public static ProxyProcess start(String configJson, String... flags)
      throws IOException, InterruptedException {
    int port = FreePorts.next();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(imageJvmFlags());
    cmd.add("-XX:MaxRAM=" + POD_MEMORY_LIMIT);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(ProxyMain.class.getName());
    cmd.addAll(
        List.of(
            "-p",
            Integer.toString(port),
            "--listen-addresses",
            "127.0.0.1",
            "--num-proxies",
            "2",
            "--config-str",
            configJson));
    List<String> given = Arrays.asList(flags);
    if (!given.contains("--asynclog-disable") && !given.contains("-a")) {
      // its own delete spool, not the machine's /var/spool/mcrouter
      cmd.addAll(List.of("-a", Files.createTempDirectory("memkube-proxy-spool-").toString()));
    }
    cmd.addAll(given);
    Path log = Files.createTempFile("memkube-proxy-", ".log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
    ProxyProcess proxy = new ProxyProcess(p, port, log);
    proxy.awaitListening();
    return proxy;
  }

  /** The options of the image (jib's jvmFlags), as the build hands them over. */
  static List<String> imageJvmFlags() {
    String flags = System.getProperty("memkube.proxy.imageJvmFlags");
    if (flags == null || flags.isBlank()) {
      throw new IllegalStateException(
          "memkube.proxy.imageJvmFlags is not set: run the tests through Maven (proxy/pom.xml)");
    }
    return List.of(flags.trim().split("\\s+"));
  }

  private void awaitListening() throws IOException, InterruptedException {
    // generous: the JVM with the image flags has taken over 10 s to start on a loaded 2-core
    // machine
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("the proxy exited at start: " + output());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    throw new IOException("the proxy did not listen on " + port + ": " + output());
  }

  public int port() {
    return port;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Sends SIGTERM, as the kubelet does to stop a pod. */
  public void terminate() {
    process.destroy();
  }

  /** SIGKILL, as the kernel's OOM killer does: nothing runs after it. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  /** Waits for the process to end; its exit status, or null when it still runs. */
  public Integer awaitExit(long timeout, TimeUnit unit) throws InterruptedException {
    return process.waitFor(timeout, unit) ? process.exitValue() : null;
  }

  /** The resident memory of the proxy process, from /proc. */
  public long residentBytes() throws IOException {
    for (String line :
        Files.readAllLines(new File("/proc/" + process.pid() + "/status").toPath())) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IOException("no VmRSS for " + process.pid());
  }

  /** Whether the proxy printed {@code text} (false when its output cannot be read). */
  public boolean outputContains(String text) {
    try {
      return output().contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  /** What the proxy printed (stdout and stderr). */
  public String output() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    BackendProcess.stop(process, 5);
    Files.deleteIfExists(log);
  }
}
