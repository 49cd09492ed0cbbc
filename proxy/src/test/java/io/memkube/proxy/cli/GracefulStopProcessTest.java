package io.memkube.proxy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.proxy.testing.FreePorts;
import io.memkube.proxy.testing.MemcachedProcess;
import io.memkube.proxy.testing.ProxyProcess;
import io.memkube.proxy.testing.TextClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM to a real proxy process started with the image's JVM options: readiness fails at once, a
 * client pipelining through the drain gets every reply, the process exits 0; and the image's
 * options start it without the JVM's native-access warning.
 */
class GracefulStopProcessTest {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private int readyz(int healthPort) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/readyz"))
                .timeout(Duration.ofSeconds(3))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static void pipeline(TextClient c, String tag, int n) throws Exception {
    StringBuilder req = new StringBuilder();
    for (int i = 0; i < n; i++) {
      req.append("set ").append(tag).append(i).append(" 0 0 2\r\nok\r\n");
      req.append("get ").append(tag).append(i).append("\r\n");
    }
    c.send(req.toString());
    for (int i = 0; i < n; i++) {
      assertEquals("STORED", c.readLine());
      assertEquals("VALUE " + tag + i + " 0 2\r\nok\r\nEND\r\n", c.readUntil("END"));
    }
  }

  @Test
  void sigtermFailsReadinessServesOpenClientsThroughTheDrainAndExitsZero() throws Exception {
    int healthPort = FreePorts.next();
    try (MemcachedProcess m = MemcachedProcess.start();
        ProxyProcess proxy =
            ProxyProcess.start(
                "{\"pools\": {\"A\": {\"servers\": [\""
                    + m.address()
                    + "\"]}},"
                    + " \"route\": \"PoolRoute|A\"}",
                "--health-port",
                Integer.toString(healthPort),
                "--shutdown-drain-seconds",
                "3");
        TextClient c = new TextClient(proxy.port())) {
      // SIGTERM before the stop hook is installed would end the JVM with 143
      long started = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!proxy.output().contains("memkube-proxy: started:")) {
        assertTrue(System.nanoTime() < started, proxy.output());
        Thread.sleep(20);
      }
      pipeline(c, "before", 50);
      assertEquals(200, readyz(healthPort));

      long signalled = System.nanoTime();
      proxy.terminate();
      // 1 s: signal delivery and the hook thread can lag on a loaded 2-core machine
      long deadline = signalled + TimeUnit.MILLISECONDS.toNanos(1000);
      while (readyz(healthPort) != 503) {
        assertTrue(System.nanoTime() < deadline, "/readyz still 200 1 s after SIGTERM");
        Thread.sleep(10);
      }
      int rounds = 0;
      while (System.nanoTime() - signalled < TimeUnit.MILLISECONDS.toNanos(2200)) {
        pipeline(c, "during" + rounds + "-", 20);
        rounds++;
        Thread.sleep(100);
      }
      // how many rounds fit depends on the machine's load; what matters is that requests sent well
      // into the drain are still answered
      long lastAnsweredMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
      assertTrue(
          rounds >= 2 && lastAnsweredMillis >= 2000,
          rounds + " rounds, the last answered " + lastAnsweredMillis + " ms after SIGTERM");
      assertTrue(proxy.isAlive(), "stopped before the drain ended");

      Integer status = proxy.awaitExit(20, TimeUnit.SECONDS);
      long stoppedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
      assertEquals(0, status, proxy.output());
      assertTrue(stoppedAfter >= 2900, "stopped " + stoppedAfter + " ms after SIGTERM");
      assertTrue(c.isClosedByPeer(), "the client's connection is closed at the end");
      String output = proxy.output();
      assertTrue(output.contains("INFO memkube-proxy: started: memkube-proxy"), output);
      assertTrue(output.contains("INFO memkube-proxy: stopped after SIGTERM: drained"), output);
      assertFalse(output.contains("restricted method"), output);
    }
  }
}
