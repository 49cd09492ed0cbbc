package io.memkube.cacheserver.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.cacheserver.cli.ServerCommandLine;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM to a real {@code memkube-cache-server} process: readiness fails at once, the open
 * connections keep being served for {@code --shutdown-drain-seconds}, then the process exits 0, as
 * memcached 1.6.18 exits 0 on SIGTERM.
 */
class GracefulStopProcessTest {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Process start(Path log, String... flags) throws IOException {
    List<String> cmd =
        new ArrayList<>(ServerCommandLine.with("-l", "127.0.0.1", "-m", "8", "-t", "1"));
    cmd.addAll(List.of(flags));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static Socket connect(Process p, int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(5000);
        return s;
      } catch (ConnectException e) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  /** Waits for the start line: SIGTERM before the stop hook is installed ends the JVM with 143. */
  private static void awaitStarted(Process p, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.readString(log).contains("memkube-cache-server: started:")) {
      assertTrue(p.isAlive() && System.nanoTime() < deadline, Files.readString(log));
      Thread.sleep(20);
    }
  }

  private int readyz(int healthPort) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/readyz"))
                .timeout(Duration.ofSeconds(3))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** Sends {@code n} pipelined set+get pairs in one write and checks every reply. */
  private static void pipeline(OutputStream out, BufferedReader in, String tag, int n)
      throws IOException {
    StringBuilder req = new StringBuilder();
    for (int i = 0; i < n; i++) {
      req.append("set ").append(tag).append(i).append(" 0 0 2\r\nok\r\n");
      req.append("get ").append(tag).append(i).append("\r\n");
    }
    out.write(req.toString().getBytes(StandardCharsets.US_ASCII));
    out.flush();
    for (int i = 0; i < n; i++) {
      assertEquals("STORED", in.readLine());
      assertEquals("VALUE " + tag + i + " 0 2", in.readLine());
      assertEquals("ok", in.readLine());
      assertEquals("END", in.readLine());
    }
  }

  @Test
  void sigtermFailsReadinessServesOpenConnectionsThroughTheDrainAndExitsZero() throws Exception {
    int port = freePort();
    int healthPort = freePort();
    Path log = Files.createTempFile("memkube-cache-server-", ".log");
    Process p =
        start(
            log,
            "-p",
            Integer.toString(port),
            "--health-port",
            Integer.toString(healthPort),
            "--shutdown-drain-seconds",
            "3");
    try (Socket s = connect(p, port)) {
      awaitStarted(p, log);
      OutputStream out = s.getOutputStream();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
      pipeline(out, in, "before", 50);
      assertEquals(200, readyz(healthPort));

      long signalled = System.nanoTime();
      p.destroy(); // SIGTERM
      // 1 s: signal delivery and the hook thread can lag on a loaded 2-core machine
      long deadline = signalled + TimeUnit.MILLISECONDS.toNanos(1000);
      while (readyz(healthPort) != 503) {
        assertTrue(System.nanoTime() < deadline, "/readyz still 200 1 s after SIGTERM");
        Thread.sleep(10);
      }
      // the client keeps pipelining through most of the drain: every request is answered
      int rounds = 0;
      while (System.nanoTime() - signalled < TimeUnit.MILLISECONDS.toNanos(2200)) {
        pipeline(out, in, "during" + rounds + "-", 20);
        rounds++;
        Thread.sleep(100);
      }
      // how many rounds fit depends on the machine's load; what matters is that requests sent well
      // into the drain are still answered
      long lastAnsweredMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
      assertTrue(
          rounds >= 2 && lastAnsweredMillis >= 2000,
          rounds + " rounds, the last answered " + lastAnsweredMillis + " ms after SIGTERM");
      assertTrue(p.isAlive(), "stopped before the drain ended");

      assertTrue(p.waitFor(20, TimeUnit.SECONDS), "still running 20 s after SIGTERM");
      long stoppedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
      assertEquals(0, p.exitValue(), Files.readString(log));
      assertTrue(stoppedAfter >= 2900, "stopped " + stoppedAfter + " ms after SIGTERM");
      assertEquals(-1, s.getInputStream().read(), "the connection is closed at the end");
      String output = Files.readString(log);
      assertTrue(output.contains("INFO memkube-cache-server: started: version"), output);
      assertTrue(
          output.contains("INFO memkube-cache-server: stopped after SIGTERM: drained"), output);
    } finally {
      p.destroyForcibly().waitFor();
      Files.deleteIfExists(log);
    }
  }

  // the connection is never used, only held open through the stop, which it must not delay
  @SuppressWarnings("try")
  @Test
  void withoutADrainSigtermStopsAtOnceWithStatusZero() throws Exception {
    int port = freePort();
    Path log = Files.createTempFile("memkube-cache-server-", ".log");
    Process p = start(log, "-p", Integer.toString(port));
    try (Socket s = connect(p, port)) {
      awaitStarted(p, log);
      long signalled = System.nanoTime();
      p.destroy();
      assertTrue(p.waitFor(20, TimeUnit.SECONDS), "still running 20 s after SIGTERM");
      assertEquals(0, p.exitValue(), Files.readString(log));
      assertTrue(
          System.nanoTime() - signalled < TimeUnit.SECONDS.toNanos(5),
          "took " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled) + " ms");
    } finally {
      p.destroyForcibly().waitFor();
      Files.deleteIfExists(log);
    }
  }

  /** The exit status memkube matches: Debian's memcached 1.6.18 after SIGTERM. */
  // the connection is never used, only held open through the stop, as in the test above
  @SuppressWarnings("try")
  @Test
  void memcachedItselfExitsZeroOnSigterm() throws Exception {
    Assumptions.assumeTrue(new File("/usr/bin/memcached").canExecute(), "no /usr/bin/memcached");
    int port = freePort();
    Process m =
        new ProcessBuilder(
                "/usr/bin/memcached",
                "-p",
                Integer.toString(port),
                "-l",
                "127.0.0.1",
                "-U",
                "0",
                "-u",
                "root")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (Socket s = connect(m, port)) {
      m.destroy();
      assertTrue(m.waitFor(10, TimeUnit.SECONDS));
      assertEquals(0, m.exitValue());
    } finally {
      m.destroyForcibly().waitFor();
    }
  }
}
