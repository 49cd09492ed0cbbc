package io.memkube.proxy.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A cache server or proxy process on a loopback port, started, stopped and killed at will. */
final class LocalProcess {
  private final String name;
  private final int port;
  private final Path log;
  private List<String> command;
  private Process process;

  LocalProcess(String name, int port, Path log) {
    this.name = name;
    this.port = port;
    this.log = log;
  }

  String name() {
    return name;
  }

  int port() {
    return port;
  }

  /** Starts the command (again) and waits until the port answers {@code version}. */
  void start(List<String> cmd) throws IOException, InterruptedException {
    command = new ArrayList<>(cmd);
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    Process started = process;
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
    awaitVersion();
  }

  /** Restarts with the last command. */
  void restart() throws IOException, InterruptedException {
    start(command);
  }

  List<String> command() {
    return command;
  }

  /** SIGTERM, then waits for the exit; returns the exit status. */
  int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    return process.exitValue();
  }

  /** SIGKILL, as a crashed node or {@code kill -9}. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  private void awaitVersion() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(name + " exited at start with " + process.exitValue() + ": " + log);
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        try (TextConnection c = new TextConnection(port, 1000)) {
          c.send("version\r\n");
          if (c.readLine().startsWith("VERSION ")) {
            return;
          }
        }
      } catch (IOException e) {
        Thread.sleep(20);
      }
    }
    throw new IOException(name + " did not answer on port " + port + ": " + log);
  }
}
