package io.memkube.protocol.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.memkube.protocol.metrics.MetricFamilies;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * HTTP health endpoints for Kubernetes probes, each answer backed by a real protocol round trip to
 * the server's own memcached port ({@link VersionRoundTrip}):
 *
 * <ul>
 *   <li>{@code GET /healthz} (liveness): 200 when the server answers, also while shutting down; 503
 *       when it does not answer in time (wedged, or not listening) or answers garbage;
 *   <li>{@code GET /readyz} (readiness): the same, and 503 once shutdown has begun;
 *   <li>{@code GET /metrics}: Prometheus metrics, once the program has {@linkplain #serveMetrics
 *       registered} them (404 before), with the round trip's outcome as the "up" figure.
 * </ul>
 *
 * <p>A server at its {@code -c} connection limit answers the probe's connection with {@code ERROR
 * Too many open connections}: that proves its event loop works, and both endpoints say 200 ("ok:
 * busy"). A full server is loaded, not broken: failing readiness would take its per-pod DNS name
 * out of the headless Service (the proxies address servers by those names), block rollouts and
 * disruption budgets, and flap with the load, all of which hurt more than a refused new client.
 *
 * <p>Requests are served on two threads of their own (the kubelet's liveness and readiness probes
 * may come together), never on the cache's event loops; each round trip is bounded by its timeouts,
 * and a third concurrent request waits its turn.
 */
public final class HealthServer implements AutoCloseable {
  /**
   * Bound on each step (connect, reply) of a round trip: far above a loopback reply, and short
   * enough that a probe answers within the 3 s probe timeout the operator sets.
   */
  public static final Duration ROUND_TRIP_TIMEOUT = Duration.ofMillis(1000);

  static final String LIVENESS_PATH = "/healthz";
  static final String READINESS_PATH = "/readyz";
  static final String METRICS_PATH = "/metrics";

  /** What {@code /metrics} serves: the whole text, given whether the program answers. */
  @FunctionalInterface
  public interface MetricsScrape {
    /**
     * @param answering whether the program answered a protocol round trip just now
     * @return the Prometheus text exposition
     */
    String scrape(boolean answering);
  }

  private final HttpServer http;
  private final ExecutorService executor;
  private final VersionRoundTrip roundTrip;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean shuttingDown;
  private volatile MetricsScrape metrics;

  private HealthServer(HttpServer http, ExecutorService executor, VersionRoundTrip roundTrip) {
    this.http = http;
    this.executor = executor;
    this.roundTrip = roundTrip;
  }

  /**
   * Starts the endpoints of a program that listens for memcached clients on {@code listen}: they
   * listen at the same address (so {@code -l 127.0.0.1} keeps them local too), and the round trip
   * goes to that address, or to loopback when the program listens on every interface.
   *
   * @param listen the program's listen address; null or a wildcard address: every interface
   * @param healthPort the HTTP port (0: any free port)
   * @param memcachedPort the port the program is bound to
   * @throws IOException when the HTTP port cannot be bound
   */
  public static HealthServer startBeside(InetAddress listen, int healthPort, int memcachedPort)
      throws IOException {
    return startBeside(listen, healthPort, memcachedPort, javax.net.SocketFactory::getDefault);
  }

  /**
   * As {@link #startBeside(InetAddress, int, int)}, with the round trip's sockets from {@code
   * sockets} (a TLS listener: the probe speaks TLS, asked for a factory at every probe so that
   * reloaded certificates are used).
   */
  public static HealthServer startBeside(
      InetAddress listen,
      int healthPort,
      int memcachedPort,
      java.util.function.Supplier<? extends javax.net.SocketFactory> sockets)
      throws IOException {
    boolean everywhere = listen == null || listen.isAnyLocalAddress();
    InetSocketAddress bind =
        listen == null
            ? new InetSocketAddress(healthPort)
            : new InetSocketAddress(listen, healthPort);
    InetAddress checked = everywhere ? InetAddress.getLoopbackAddress() : listen;
    return start(
        bind,
        new VersionRoundTrip(
            new InetSocketAddress(checked, memcachedPort), ROUND_TRIP_TIMEOUT, sockets));
  }

  /**
   * Binds {@code bind} and starts answering.
   *
   * @param bind where the HTTP endpoints listen (port 0: any free port)
   * @param roundTrip the check behind every answer
   * @throws IOException when the address cannot be bound
   */
  public static HealthServer start(InetSocketAddress bind, VersionRoundTrip roundTrip)
      throws IOException {
    HttpServer http = HttpServer.create(bind, 16);
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "memkube-health");
              t.setDaemon(true);
              return t;
            });
    HealthServer server = new HealthServer(http, executor, roundTrip);
    http.createContext("/", server::handle);
    http.setExecutor(executor);
    http.start();
    return server;
  }

  /** The bound HTTP port. */
  public int port() {
    return http.getAddress().getPort();
  }

  /** Serves {@code /metrics} from now on. */
  public void serveMetrics(MetricsScrape scrape) {
    this.metrics = scrape;
  }

  /** From now on readiness fails: the server is draining and should get no new clients. */
  public void markShuttingDown() {
    shuttingDown = true;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      MetricsScrape scrape = metrics;
      boolean metricsPath = path.equals(METRICS_PATH) && scrape != null;
      if (!path.equals(LIVENESS_PATH) && !path.equals(READINESS_PATH) && !metricsPath) {
        reply(
            exchange,
            404,
            "not found: the endpoints are /healthz, /readyz"
                + (scrape == null ? "" : ", /metrics"));
        return;
      }
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        reply(exchange, 405, "method not allowed");
        return;
      }
      if (metricsPath) {
        // "up" as memcached_exporter means it: the program answered the protocol just now
        VersionRoundTrip.Outcome outcome = roundTrip.run();
        String text = scrape.scrape(outcome.status() != VersionRoundTrip.Status.FAILING);
        reply(exchange, 200, text, MetricFamilies.CONTENT_TYPE);
        return;
      }
      if (path.equals(READINESS_PATH) && shuttingDown) {
        reply(exchange, 503, "shutting down");
        return;
      }
      VersionRoundTrip.Outcome outcome = roundTrip.run();
      switch (outcome.status()) {
        case SERVING -> reply(exchange, 200, "ok: " + outcome.detail());
        case BUSY -> reply(exchange, 200, "ok: busy, " + outcome.detail());
        case FAILING -> reply(exchange, 503, "failing: " + outcome.detail());
      }
    }
  }

  private static void reply(HttpExchange exchange, int code, String body) throws IOException {
    reply(exchange, code, body + "\n", "text/plain; charset=utf-8");
  }

  private static void reply(HttpExchange exchange, int code, String body, String contentType)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(code, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Stops answering and frees the port. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    http.stop(0);
    executor.shutdownNow();
  }
}
