package io.memkube.cacheserver.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.cacheserver.config.ServerSettings;
import io.memkube.cacheserver.net.CacheServer;
import io.memkube.protocol.health.HealthServer;
import io.memkube.protocol.health.VersionRoundTrip;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The health endpoints against a real cache server (and fake ones that misbehave) on loopback. */
class HealthServerTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final Duration TIMEOUT = Duration.ofMillis(500);

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private CacheServer cacheServer(int maxConnections) throws InterruptedException {
    CacheServer server =
        new CacheServer(
            new ServerSettings(
                0, "127.0.0.1", 64L << 20, maxConnections, 2, 1 << 20, 0, false, 128, true));
    toClose.add(server);
    return server;
  }

  private HealthServer health(int memcachedPort) throws IOException {
    HealthServer health =
        HealthServer.start(
            new InetSocketAddress(LOOPBACK, 0),
            new VersionRoundTrip(new InetSocketAddress(LOOPBACK, memcachedPort), TIMEOUT));
    toClose.add(health);
    return health;
  }

  private HttpResponse<String> request(HealthServer health, String method, String path)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.port() + path))
            .timeout(Duration.ofSeconds(10))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(HealthServer health, String path)
      throws IOException, InterruptedException {
    return request(health, "GET", path);
  }

  @Test
  void servingServerIsLiveAndReady() throws Exception {
    CacheServer server = cacheServer(64);
    HealthServer health = health(server.start());

    HttpResponse<String> live = get(health, "/healthz");
    HttpResponse<String> ready = get(health, "/readyz");

    assertEquals(200, live.statusCode(), live.body());
    assertEquals(200, ready.statusCode(), ready.body());
    assertEquals("ok: VERSION " + ServerSettings.VERSION + "\n", ready.body());
    assertEquals(200, request(health, "HEAD", "/readyz").statusCode());
  }

  @Test
  void closedMemcachedListenerFailsBothProbes() throws Exception {
    CacheServer server = cacheServer(64);
    HealthServer health = health(server.start());
    server.close();

    HttpResponse<String> live = get(health, "/healthz");
    HttpResponse<String> ready = get(health, "/readyz");

    assertEquals(503, live.statusCode(), live.body());
    assertEquals(503, ready.statusCode(), ready.body());
    assertTrue(ready.body().startsWith("failing: 127.0.0.1:"), ready.body());
  }

  @Test
  void shutdownFailsReadinessButNotLiveness() throws Exception {
    CacheServer server = cacheServer(64);
    HealthServer health = health(server.start());
    health.markShuttingDown();

    HttpResponse<String> ready = get(health, "/readyz");
    HttpResponse<String> live = get(health, "/healthz");

    assertEquals(503, ready.statusCode());
    assertEquals("shutting down\n", ready.body());
    assertEquals(200, live.statusCode(), live.body());
  }

  @Test
  void serverAtItsConnectionLimitIsLiveAndReadyButBusy() throws Exception {
    CacheServer server = cacheServer(1);
    int port = server.start();
    HealthServer health = health(port);
    try (Socket held = new Socket(LOOPBACK, port)) {
      held.setSoTimeout(5000);
      // a full round trip on the held connection: the server has counted it before the probe
      held.getOutputStream().write("version\r\n".getBytes(StandardCharsets.US_ASCII));
      assertTrue(readLine(held.getInputStream()).startsWith("VERSION "));

      HttpResponse<String> live = get(health, "/healthz");
      HttpResponse<String> ready = get(health, "/readyz");

      assertEquals(200, live.statusCode(), live.body());
      assertEquals(200, ready.statusCode(), ready.body());
      assertEquals(
          "ok: busy, connection limit reached (ERROR Too many open connections)\n", ready.body());
    }
  }

  @Test
  void portThatAcceptsButNeverAnswersFailsBothProbes() throws Exception {
    // what a wedged event loop looks like from outside: the kernel still accepts connections
    try (ServerSocket silent = new ServerSocket(0, 50, LOOPBACK)) {
      HealthServer health = health(silent.getLocalPort());

      HttpResponse<String> live = get(health, "/healthz");
      HttpResponse<String> ready = get(health, "/readyz");

      assertEquals(503, live.statusCode(), live.body());
      assertEquals(503, ready.statusCode(), ready.body());
      assertTrue(ready.body().contains("no reply from"), ready.body());
    }
  }

  @Test
  void replyThatIsNotAVersionLineFailsBothProbes() throws Exception {
    try (ServerSocket wrong = new ServerSocket(0, 50, LOOPBACK)) {
      Thread answerer =
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = 0; i < 2; i++) {
                      try (Socket s = wrong.accept()) {
                        s.setSoTimeout(5000);
                        readLine(s.getInputStream());
                        OutputStream out = s.getOutputStream();
                        out.write("ERROR\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                      } catch (IOException e) {
                        return;
                      }
                    }
                  });
      HealthServer health = health(wrong.getLocalPort());

      HttpResponse<String> live = get(health, "/healthz");
      HttpResponse<String> ready = get(health, "/readyz");

      assertEquals(503, live.statusCode(), live.body());
      assertEquals("failing: unexpected reply to version: ERROR\n", ready.body());
      answerer.join(Duration.ofSeconds(5));
    }
  }

  @Test
  void unknownPathIsNotFoundAndOtherMethodsAreRefused() throws Exception {
    CacheServer server = cacheServer(64);
    HealthServer health = health(server.start());

    assertEquals(404, get(health, "/").statusCode());
    assertEquals(404, get(health, "/healthzz").statusCode());
    assertEquals(404, get(health, "/readyz/extra").statusCode());
    HttpResponse<String> post = request(health, "POST", "/readyz");
    assertEquals(405, post.statusCode());
    assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
  }

  @Test
  void closeFreesTheHealthPort() throws Exception {
    CacheServer server = cacheServer(64);
    HealthServer health = health(server.start());
    int port = health.port();

    health.close();
    health.close();

    try (ServerSocket again = new ServerSocket()) {
      again.setReuseAddress(true);
      again.bind(new InetSocketAddress(LOOPBACK, port));
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
      line.append((char) b);
    }
    return line.toString().strip();
  }
}
