package io.memkube.cacheserver.it;

import io.memkube.cacheserver.cli.JvmOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * memkube-cache-server as a real process, started with the JVM options it ships with ({@link
 * JvmOptions}), so tests see the heap and direct-memory limits users get.
 */
final class ServerProcess implements AutoCloseable {
  private final Process process;
  final int port;

  private ServerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts a server with {@code -m memoryMegabytes} and the given extra flags. */
  static ServerProcess start(int memoryMegabytes, String... flags)
      throws IOException, InterruptedException {
    int port = MemcachedProcess.freePort();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(JvmOptions.forMemory(memoryMegabytes));
    cmd.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "io.memkube.cacheserver.cli.Main",
            "-p",
            Integer.toString(port),
            "-l",
            "127.0.0.1",
            "-m",
            Integer.toString(memoryMegabytes)));
    cmd.addAll(List.of(flags));
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try {
      MemcachedProcess.awaitListening(port, p);
    } catch (IOException | InterruptedException e) {
      p.destroyForcibly();
      throw e;
    }
    return new ServerProcess(p, port);
  }

  boolean alive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  /** Resident memory of the process, from /proc (Linux). */
  long residentBytes() throws IOException {
    for (String line :
        Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    }
    throw new IOException("no VmRSS for " + process.pid());
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
