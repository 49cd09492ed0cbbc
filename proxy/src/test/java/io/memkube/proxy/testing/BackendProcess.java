package io.memkube.proxy.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A memcached-compatible server behind the proxy as a real process (Debian's memcached or memkube's
 * cache server jar), started with any flags, its output kept for the test to read.
 */
public final class BackendProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private BackendProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** The command that runs memkube's cache server from its jar (built before the proxy). */
  public static List<String> memkubeCacheServer() {
    File jar = new File("../cache-server/target/memkube-cache-server.jar");
    // proxy/pom.xml's test-scoped dependency has the reactor build it first
    if (!jar.isFile()) {
      throw new IllegalStateException(
          "cache-server/target/memkube-cache-server.jar is built before the proxy: run"
              + " ./mvnw -pl proxy -am package (or verify)");
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return List.of(java, "-Xmx64m", "-jar", jar.getPath());
  }

  /**
   * memkube's cache server on loopback {@code port} with {@code -Z} and this certificate and key,
   * and more flags.
   */
  public static BackendProcess memkubeWithTls(int port, Object cert, Object key, String... more)
      throws IOException, InterruptedException {
    List<String> flags =
        new ArrayList<>(
            List.of(
                "-p",
                Integer.toString(port),
                "-l",
                "127.0.0.1",
                "-Z",
                "-o",
                "ssl_chain_cert=" + cert + ",ssl_key=" + key));
    flags.addAll(List.of(more));
    return start(memkubeCacheServer(), port, flags);
  }

  /** Starts {@code command} with {@code flags} and waits until it accepts on {@code port}. */
  public static BackendProcess start(List<String> command, int port, List<String> flags)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(command);
    cmd.addAll(flags);
    Path log = Files.createTempFile("memkube-backend-", ".log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
    BackendProcess b = new BackendProcess(p, log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return b;
      } catch (IOException e) {
        if (!p.isAlive()) {
          throw new IOException(cmd + " exited with " + p.exitValue() + ": " + b.output());
        }
        Thread.sleep(50);
      }
    }
    b.close();
    throw new IOException("nothing listening on " + port + ": " + b.output());
  }

  /** What it printed (stdout and stderr). */
  public String output() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    stop(process, 10);
    Files.deleteIfExists(log);
  }

  /** SIGTERM, then SIGKILL after {@code seconds}. */
  static void stop(Process process, int seconds) {
    process.destroy();
    try {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(seconds, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
