package io.memkube.cacheserver.it;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/** Debian's {@code /usr/bin/memcached}, started on a free loopback port for a test. */
public final class MemcachedProcess implements AutoCloseable {
  public static final String BINARY = System.getProperty("memcached.binary", "/usr/bin/memcached");

  private final Process process;
  final int port;

  private MemcachedProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static boolean installed() {
    return new File(BINARY).canExecute();
  }

  /** Starts memcached with the given extra flags (after -p/-l/-U). */
  static MemcachedProcess start(String... flags) throws IOException, InterruptedException {
    int port = freePort();
    return start(port, "127.0.0.1", flags);
  }

  /**
   * Starts memcached with {@code -p port -l listen} (memcached's list of {@code [notls:]host:port}
   * listeners) and waits until {@code port} accepts.
   */
  static MemcachedProcess start(int port, String listen, String... flags)
      throws IOException, InterruptedException {
    if (!installed()) {
      throw new IllegalStateException(
          BINARY + " is missing: install Debian's memcached (apt-get install -y memcached)");
    }
    List<String> cmd = new ArrayList<>(List.of(BINARY, "-p", "" + port, "-l", listen));
    cmd.addAll(List.of("-U", "0", "-u", "root"));
    cmd.addAll(List.of(flags));
    // memcached logs to stderr after "verbosity 2": nobody must have to read it
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    awaitListening(port, p);
    return new MemcachedProcess(p, port);
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  // the probe socket is only opened to see that something accepts, then closed
  @SuppressWarnings("try")
  static void awaitListening(int port, Process p) throws InterruptedException, IOException {
    // generous: a JVM server starting on a loaded 2-core CI machine has taken more than 10 s; one
    // that never listens still fails here, and one that exits fails at once
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (p != null && !p.isAlive()) {
        throw new IOException("memcached exited with " + p.exitValue());
      }
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        Thread.sleep(20);
      }
    }
    throw new IOException("nothing listening on " + port);
  }

  boolean alive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      // not thrown: try-with-resources may suppress an exception from close(), and with it the
      // interrupt (AutoCloseable's advice); the flag keeps it for the caller
      Thread.currentThread().interrupt();
    }
  }
}
