package io.memkube.cacheserver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.cacheserver.config.BadOptionException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * memcached's {@code -d} on a real process: the command returns once the background server listens,
 * {@code -P} names that server's pid (the one {@code stats} reports), and the file goes when the
 * server stops.
 */
class DaemonProcessTest {
  @TempDir Path dir;

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Process run(Path log, String... flags) throws IOException {
    List<String> cmd =
        new ArrayList<>(ServerCommandLine.with("-l", "127.0.0.1", "-m", "8", "-t", "1"));
    cmd.addAll(List.of(flags));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static String statsPid(int port) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      s.getOutputStream().write("stats\r\n".getBytes(StandardCharsets.US_ASCII));
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
      for (String line = in.readLine(); line != null && !line.equals("END"); line = in.readLine()) {
        if (line.startsWith("STAT pid ")) {
          return line.substring("STAT pid ".length());
        }
      }
      return null;
    }
  }

  @Test
  void dashDReturnsOnceTheBackgroundServerListensAndThePidFileNamesIt() throws Exception {
    int port = freePort();
    Path pidFile = dir.resolve("memcached.pid");
    Process command = run(dir.resolve("log"), "-d", "-P", pidFile.toString(), "-p", "" + port);
    assertTrue(command.waitFor(60, TimeUnit.SECONDS), "the command returns");
    assertEquals(0, command.exitValue(), Files.readString(dir.resolve("log")));
    String pid = Files.readString(pidFile).trim();
    ProcessHandle server = ProcessHandle.of(Long.parseLong(pid)).orElseThrow();
    try {
      assertNotEquals(command.pid(), server.pid(), "a second process serves");
      // listening already: no retry needed, as a script that runs -d expects
      assertEquals(pid, statsPid(port));
    } finally {
      server.destroy();
    }
    assertTrue(server.onExit().get(30, TimeUnit.SECONDS) != null);
    assertFalse(Files.exists(pidFile), "the pid file goes with a stopped server");
  }

  @Test
  void dashDOnAPortInUseFailsTheCommandWithTheServersExitCode() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      Process command =
          run(
              dir.resolve("log"),
              "-d",
              "-P",
              dir.resolve("p").toString(),
              "-p",
              "" + taken.getLocalPort());
      assertTrue(command.waitFor(60, TimeUnit.SECONDS), "the command returns");
      assertEquals(BadOptionException.EX_OSERR, command.exitValue());
      assertFalse(Files.exists(dir.resolve("p")));
    }
  }
}
