package io.memkube.proxy.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/** A real Debian {@code memcached} on a loopback port, killed and restarted at will. */
public final class MemcachedProcess implements AutoCloseable {
  public static final String BINARY = "/usr/bin/memcached";

  private final int port;
  private final int memoryMegabytes;
  private final java.util.List<String> extraFlags;
  private Process process;

  private MemcachedProcess(int port, int memoryMegabytes, java.util.List<String> extraFlags) {
    this.port = port;
    this.memoryMegabytes = memoryMegabytes;
    this.extraFlags = extraFlags;
  }

  public static MemcachedProcess start() throws IOException, InterruptedException {
    return start(32);
  }

  /** A memcached with {@code -m memoryMegabytes}. */
  public static MemcachedProcess start(int memoryMegabytes)
      throws IOException, InterruptedException {
    return start(memoryMegabytes, new String[0]);
  }

  /** A memcached with {@code -m memoryMegabytes} and more flags ({@code -Y FILE}...). */
  public static MemcachedProcess start(int memoryMegabytes, String... extraFlags)
      throws IOException, InterruptedException {
    MemcachedProcess m =
        new MemcachedProcess(FreePorts.next(), memoryMegabytes, java.util.List.of(extraFlags));
    m.restart();
    return m;
  }

  public int port() {
    return port;
  }

  public String address() {
    return "127.0.0.1:" + port;
  }

  /** Starts (again) on the same port and waits until it accepts connections. */
  public void restart() throws IOException, InterruptedException {
    if (!new File(BINARY).canExecute()) {
      throw new IllegalStateException(
          BINARY + " is missing: install the Debian package 'memcached' (bin/test does)");
    }
    java.util.List<String> cmd =
        new java.util.ArrayList<>(
            java.util.List.of(
                BINARY,
                "-p",
                Integer.toString(port),
                "-l",
                "127.0.0.1",
                "-U",
                "0",
                "-t",
                "1",
                "-m",
                Integer.toString(memoryMegabytes),
                "-u",
                "root"));
    cmd.addAll(extraFlags);
    process =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    // Even if the test JVM ends abruptly (a crash, a timeout), no server outlives it.
    Process started = process;
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        Thread.sleep(20);
      }
    }
    throw new IOException("memcached did not start on port " + port);
  }

  /** Freezes the server (SIGSTOP): connections stay open, nothing is answered. */
  public void pause() throws IOException, InterruptedException {
    signal("-STOP");
  }

  /** Lets a paused server run again (SIGCONT). */
  public void resume() throws IOException, InterruptedException {
    signal("-CONT");
  }

  private void signal(String sig) throws IOException, InterruptedException {
    Process k = new ProcessBuilder("kill", sig, Long.toString(process.pid())).inheritIO().start();
    if (k.waitFor() != 0) {
      throw new IOException("kill " + sig + " failed");
    }
  }

  public void kill() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  @Override
  public void close() {
    kill();
  }
}
