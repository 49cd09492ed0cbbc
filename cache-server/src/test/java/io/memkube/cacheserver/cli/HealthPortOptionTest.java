package io.memkube.cacheserver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.cacheserver.net.CacheServer;
import io.memkube.protocol.health.HealthServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --health-port}: off unless given, and wired to the server's own memcached port. */
class HealthPortOptionTest {
  private static Main parse(String... args) {
    Main m = new Main();
    new CommandLine(m).parseArgs(args);
    m.settings();
    return m;
  }

  private static int readyzStatus(int healthPort) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/readyz"))
            .timeout(Duration.ofSeconds(10))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  @Test
  void withoutTheOptionNoHealthServerStarts() throws Exception {
    Main m = parse("-p", "-1", "-l", "127.0.0.1");
    try (CacheServer server = new CacheServer(m.settings())) {
      assertEquals(Optional.empty(), m.startHealth(server.start(), null));
    }
  }

  @Test
  void healthEndpointsCheckTheListenAddress() throws Exception {
    Main m = parse("-p", "-1", "-l", "127.0.0.1", "--health-port", "0");
    CacheServer server = new CacheServer(m.settings());
    try {
      int memcachedPort = server.start();
      try (HealthServer health = m.startHealth(memcachedPort, null).orElseThrow()) {
        assertTrue(health.port() > 0);
        assertEquals(200, readyzStatus(health.port()));
        server.close();
        assertEquals(503, readyzStatus(health.port()));
      }
    } finally {
      server.close();
    }
  }

  @Test
  void onEveryInterfaceTheHealthCheckGoesThroughLoopback() throws Exception {
    Main m = parse("-p", "-1", "-l", "0.0.0.0", "--health-port", "0");
    try (CacheServer server = new CacheServer(m.settings())) {
      try (HealthServer health = m.startHealth(server.start(), null).orElseThrow()) {
        assertEquals(200, readyzStatus(health.port()));
      }
    }
  }

  @Test
  void badHealthPortsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> parse("--health-port", "70000"));
    assertThrows(IllegalArgumentException.class, () -> parse("--health-port", "-1"));
    assertThrows(
        IllegalArgumentException.class, () -> parse("-p", "11211", "--health-port", "11211"));
    assertThrows(CommandLine.ParameterException.class, () -> parse("--health-port", "http"));
  }
}
