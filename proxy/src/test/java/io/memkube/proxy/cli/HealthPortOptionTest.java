package io.memkube.proxy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memkube.protocol.health.HealthServer;
import io.memkube.proxy.RunningProxy;
import io.memkube.proxy.testing.FreePorts;
import io.memkube.proxy.testing.ProxyFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The proxy's {@code --health-port}: off unless given, a version round trip through the proxy. */
class HealthPortOptionTest {
  /** A pool whose only server is down: the proxy's own health must not depend on it. */
  private static final String CONFIG_WITH_A_DOWN_SERVER =
      "{\"pools\":{\"A\":{\"servers\":[\"127.0.0.1:1\"]}},\"route\":\"PoolRoute|A\"}";

  private static ProxyMain parse(String... args) {
    ProxyMain m = new ProxyMain();
    new CommandLine(m).parseArgs(args);
    return m;
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void withoutTheOptionNoHealthServerStarts() throws Exception {
    ProxyMain m = parse("--listen-addresses", "127.0.0.1", "--config-str", "{}");
    assertEquals(Optional.empty(), m.startHealth(FreePorts.next()));
  }

  @Test
  void proxyAnsweringVersionIsReadyEvenWithItsServersDown() throws Exception {
    ProxyMain m =
        parse(
            "--listen-addresses",
            "127.0.0.1",
            "--health-port",
            "0",
            "--config-str",
            CONFIG_WITH_A_DOWN_SERVER);
    RunningProxy proxy = ProxyFixture.start(CONFIG_WITH_A_DOWN_SERVER);
    boolean closed = false;
    try (HealthServer health = m.startHealth(proxy.port()).orElseThrow()) {
      HttpResponse<String> ready = get(health.port(), "/readyz");
      assertEquals(200, ready.statusCode(), ready.body());
      assertEquals("ok: VERSION " + RunningProxy.VERSION + "\n", ready.body());
      assertEquals(200, get(health.port(), "/healthz").statusCode());

      proxy.close();
      closed = true;

      assertEquals(503, get(health.port(), "/readyz").statusCode());
      assertEquals(503, get(health.port(), "/healthz").statusCode());
    } finally {
      if (!closed) {
        proxy.close();
      }
    }
  }

  @Test
  void badHealthPortsAreRefusedBeforeAnythingStarts() {
    assertEquals(
        2,
        new CommandLine(new ProxyMain())
            .execute("--health-port", "70000", "--config-str", CONFIG_WITH_A_DOWN_SERVER));
    assertEquals(
        2,
        new CommandLine(new ProxyMain())
            .execute(
                "-p", "5000", "--health-port", "5000", "--config-str", CONFIG_WITH_A_DOWN_SERVER));
  }
}
