package io.memkube.cacheserver.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code memkube-cache-server --health-port} as a real process: the endpoints answer, and neither
 * SIGTERM nor the {@code shutdown} command is held up by the health server's threads.
 */
class HealthServerProcessTest {
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Process start(int port, int healthPort, String... extra) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.memkube.cacheserver.cli.Main",
                "-p",
                Integer.toString(port),
                "-l",
                "127.0.0.1",
                "-m",
                "8",
                "-t",
                "1",
                "--health-port",
                Integer.toString(healthPort)));
    cmd.addAll(List.of(extra));
    return new ProcessBuilder(cmd)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  /**
   * Polls /readyz until it answers 200 (bounded), as a kubelet's readiness probe does: the JVM
   * takes a moment to start, and on a loaded machine its first round trips can outlast the probe's
   * 1 s.
   */
  private HttpResponse<String> awaitReady(Process p, int healthPort) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/readyz"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    HttpResponse<String> last = null;
    while (System.nanoTime() < deadline && p.isAlive()) {
      try {
        last = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (last.statusCode() == 200) {
          return last;
        }
      } catch (ConnectException e) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    if (last != null) {
      return last;
    }
    throw new IOException("the health port did not open (alive: " + p.isAlive() + ")");
  }

  @Test
  void sigtermEndsAServerWithHealthEndpoints() throws Exception {
    int healthPort = freePort();
    Process p = start(freePort(), healthPort);
    try {
      HttpResponse<String> ready = awaitReady(p, healthPort);
      assertEquals(200, ready.statusCode(), ready.body());
      assertTrue(ready.body().startsWith("ok: VERSION "), ready.body());

      p.destroy(); // SIGTERM

      assertTrue(p.waitFor(20, TimeUnit.SECONDS), "still running 20 s after SIGTERM");
    } finally {
      p.destroyForcibly().waitFor();
    }
  }

  @Test
  void shutdownCommandEndsAServerWithHealthEndpoints() throws Exception {
    int port = freePort();
    int healthPort = freePort();
    Process p = start(port, healthPort, "-A");
    try {
      assertEquals(200, awaitReady(p, healthPort).statusCode());
      try (Socket s = new Socket("127.0.0.1", port)) {
        OutputStream out = s.getOutputStream();
        out.write("shutdown\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }

      assertTrue(p.waitFor(20, TimeUnit.SECONDS), "still running 20 s after shutdown");
      assertEquals(0, p.exitValue());
    } finally {
      p.destroyForcibly().waitFor();
    }
  }
}
