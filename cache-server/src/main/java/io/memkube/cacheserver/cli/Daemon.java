package io.memkube.cacheserver.cli;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * memcached's {@code -d}: the server goes on in the background and the command returns.
 *
 * <p>A JVM cannot fork itself, so the command starts a second JVM with the same runtime, JVM
 * options, class path and flags, detached from the terminal's session where {@code setsid} exists
 * (as memcached's daemon(3) does; without it a closed terminal's SIGHUP would stop the server).
 * Unlike memcached, whose parent exits 0 before the child has even bound its port, the command
 * waits until the background server listens, so a script that runs {@code -d} can connect at once
 * and a port already in use still fails the command with the server's own exit code.
 */
final class Daemon {
  /** Set in the background JVM's environment: the file it writes once it listens. */
  static final String READY_FILE_ENV = "MEMKUBE_DAEMON_READY_FILE";

  private static final long START_TIMEOUT_SECONDS = 60;

  private Daemon() {}

  /** True in the background JVM a {@code -d} command started. */
  static boolean inBackground() {
    return System.getenv(READY_FILE_ENV) != null;
  }

  /**
   * Starts the server in a background JVM with these flags (the background JVM sees {@code -d} too,
   * and {@link #inBackground()} tells it to stay) and waits until it listens.
   *
   * @param verbose memcached keeps the terminal's output with {@code -v}, and so does this
   * @return the command's exit code: 0 once the background server listens, else its own exit code
   */
  static int startInBackground(List<String> args, boolean verbose)
      throws IOException, InterruptedException {
    Path ready = Files.createTempFile("memkube-cache-server-", ".ready");
    Files.delete(ready);
    try {
      ProcessBuilder pb = new ProcessBuilder(command(args));
      pb.environment().put(READY_FILE_ENV, ready.toString());
      pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      ProcessBuilder.Redirect out =
          verbose ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.DISCARD;
      pb.redirectOutput(out).redirectError(out);
      Process child = pb.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
      while (!Files.exists(ready)) {
        if (child.waitFor(50, TimeUnit.MILLISECONDS)) {
          return child.exitValue();
        }
        if (System.nanoTime() > deadline) {
          System.err.println(
              "memkube-cache-server: the background server did not listen within "
                  + START_TIMEOUT_SECONDS
                  + " s; it goes on starting (pid "
                  + child.pid()
                  + ")");
          return 0;
        }
      }
      return 0;
    } finally {
      Files.deleteIfExists(ready);
    }
  }

  /**
   * In the background JVM, once the server listens: writes memcached's {@code -P} pid file and
   * tells the waiting command.
   */
  static void listening(String pidFile) throws IOException {
    String pid = ProcessHandle.current().pid() + "\n";
    if (pidFile != null) {
      Files.writeString(Path.of(pidFile), pid, StandardCharsets.US_ASCII);
    }
    String ready = System.getenv(READY_FILE_ENV);
    if (ready != null) {
      Files.writeString(Path.of(ready), pid, StandardCharsets.US_ASCII);
    }
  }

  /**
   * Removes the pid file when the server stops, as memcached does. Called from the stop itself: the
   * SIGTERM path ends the JVM with {@code Runtime.halt}, which runs no exit hooks.
   */
  static void stopped(String pidFile) {
    if (pidFile != null) {
      try {
        Files.deleteIfExists(Path.of(pidFile));
      } catch (IOException e) {
        // memcached only logs this too; the server is stopping either way
        System.err.println("Could not remove the pid file " + pidFile + ": " + e.getMessage());
      }
    }
  }

  /** This JVM's own command line. */
  private static List<String> command(List<String> args) {
    List<String> cmd = new ArrayList<>();
    File setsid = new File("/usr/bin/setsid");
    if (setsid.canExecute()) {
      cmd.add(setsid.getPath());
    }
    cmd.add(ProcessHandle.current().info().command().orElse(javaBinary()));
    cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(args);
    return cmd;
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
