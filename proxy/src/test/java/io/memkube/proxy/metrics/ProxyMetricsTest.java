package io.memkube.proxy.metrics;

import static io.memkube.protocol.metrics.PrometheusTextParser.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.protocol.health.HealthServer;
import io.memkube.protocol.metrics.PrometheusTextParser;
import io.memkube.protocol.metrics.PrometheusTextParser.Sample;
import io.memkube.proxy.RunningProxy;
import io.memkube.proxy.testing.MemcachedProcess;
import io.memkube.proxy.testing.ProxyFixture;
import io.memkube.proxy.testing.TextClient;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The proxy's {@code /metrics} on its health port, with two real memcached pools behind it (one of
 * them killed), read by the Prometheus project's parser.
 */
class ProxyMetricsTest {
  @Test
  void requestsLatencyTkoAndConfigShowPerPoolAndServer() throws Exception {
    try (MemcachedProcess a = MemcachedProcess.start();
        MemcachedProcess b = MemcachedProcess.start();
        RunningProxy p =
            ProxyFixture.start(
                "{\"pools\": {\"A\": {\"servers\": [\""
                    + a.address()
                    + "\"]}, \"B\": {\"servers\": [\""
                    + b.address()
                    + "\"]}}, \"route\": {\"type\": \"PrefixSelectorRoute\","
                    + " \"policies\": {\"b:\": \"PoolRoute|B\"}, \"wildcard\": \"PoolRoute|A\"}}");
        HealthServer health =
            HealthServer.startBeside(InetAddress.getLoopbackAddress(), 0, p.port());
        TextClient c = new TextClient(p.port())) {
      health.serveMetrics(p.metrics());
      StringBuilder load = new StringBuilder();
      for (int i = 0; i < 20; i++) {
        load.append("set k").append(i).append(" 0 0 1\r\nx\r\n");
      }
      c.send(load.toString());
      for (int i = 0; i < 20; i++) {
        assertEquals("STORED", c.readLine());
      }
      for (int i = 0; i < 10; i++) {
        c.until("get k" + i + "\r\n", "END");
      }
      for (int i = 0; i < 5; i++) {
        c.until("get nope" + i + "\r\n", "END");
      }
      assertEquals("STORED", c.line("set b:1 0 0 1\r\nx\r\n"));
      b.kill();
      // the closed connection takes B down at once; the get answers a miss (miss_on_get_errors)
      waitFor(() -> p.state().destinations().all().stream().anyMatch(d -> d.health().isTko()));
      c.until("get b:1\r\n", "END");
      String md5 = c.until("get __mcrouter__.config_md5_digest\r\n", "END").split("\r\n")[1];

      List<Sample> m = scrape(health);
      String sa = a.address();
      String sb = b.address();
      String docs =
          java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "observability.md"));
      for (Sample s : m) {
        // the parser drops a counter's _total from its family name
        assertTrue(
            docs.contains("`" + s.family() + "`") || docs.contains("`" + s.family() + "_total`"),
            s.family() + " is not listed in docs/observability.md");
      }
      assertEquals(1, value(m, "memkube_proxy_up"));
      assertEquals(21, value(m, "memkube_proxy_requests_total", "operation", "set"));
      assertEquals(17, value(m, "memkube_proxy_requests_total", "operation", "get"));
      assertEquals(11, value(m, "memkube_proxy_get_hits_total")); // 10 and the admin key
      assertTrue(value(m, "memkube_proxy_errors_total", "operation", "get") >= 1);
      assertEquals(
          20,
          value(
              m,
              "memkube_proxy_server_requests_total",
              "pool",
              "A",
              "server",
              sa,
              "operation",
              "set"));
      assertEquals(
          15,
          value(
              m,
              "memkube_proxy_server_requests_total",
              "pool",
              "A",
              "server",
              sa,
              "operation",
              "get"));
      double count =
          value(m, "memkube_proxy_server_latency_seconds_count", "pool", "A", "server", sa);
      assertEquals(35, count);
      assertEquals(
          count,
          value(
              m,
              "memkube_proxy_server_latency_seconds_bucket",
              "le",
              "+Inf",
              "pool",
              "A",
              "server",
              sa));
      assertTrue(
          value(m, "memkube_proxy_server_latency_seconds_sum", "pool", "A", "server", sa) > 0);
      assertEquals(0, value(m, "memkube_proxy_server_tko", "pool", "A", "server", sa));
      assertEquals(1, value(m, "memkube_proxy_server_tko", "pool", "B", "server", sb));
      assertEquals(1, value(m, "memkube_proxy_server_tko_hard", "pool", "B", "server", sb));
      assertEquals(1, value(m, "memkube_proxy_server_tko_total", "pool", "B", "server", sb));
      assertEquals(1, value(m, "memkube_proxy_servers", "state", "down"));
      assertEquals(1, value(m, "memkube_proxy_servers", "state", "up"));
      assertTrue(
          value(m, "memkube_proxy_server_errors_total", "pool", "B", "server", sb, "reason", "tko")
              >= 1);
      assertEquals(1, value(m, "memkube_proxy_server_connections", "pool", "A", "server", sa));
      // the test's client, and the scrape's own version round trip while it closes
      double clients = value(m, "memkube_proxy_client_connections");
      assertTrue(clients >= 1 && clients <= 2, "client connections " + clients);
      assertEquals(0, value(m, "memkube_proxy_outstanding_requests"));
      Map<String, String> info =
          m.stream()
              .filter(s -> s.name().equals("memkube_proxy_config_info"))
              .findFirst()
              .orElseThrow()
              .labels();
      assertEquals(md5, info.get("md5"));
      assertTrue(
          m.stream()
              .map(Sample::family)
              .collect(Collectors.toSet())
              .contains("jvm_memory_used_bytes"));

      // mcrouter's protocol stats say the same
      String detailed = c.until("stats detailed\r\n", "END");
      assertTrue(detailed.contains("STAT cmd_set_count 21\r\n"), detailed);
      assertTrue(detailed.contains("STAT cmd_set_out 21\r\n"), detailed);
      assertTrue(detailed.contains("STAT num_servers_down 1\r\n"), detailed);
      String servers = c.until("stats servers\r\n", "END");
      assertTrue(servers.contains(sa + " up; requests:"), servers);
      assertTrue(servers.contains("avg_latency_us:"), servers);
    }
  }

  @Test
  void aContributorAddsItsFamiliesToEveryScrape() throws Exception {
    try (MemcachedProcess a = MemcachedProcess.start();
        RunningProxy p =
            ProxyFixture.start(
                "{\"pools\": {\"A\": {\"servers\": [\""
                    + a.address()
                    + "\"]}},"
                    + " \"route\": \"PoolRoute|A\"}")) {
      p.metrics()
          .register(
              out ->
                  out.add(
                      "memkube_proxy_async_delete_spool_entries",
                      io.memkube.protocol.metrics.MetricFamilies.Type.GAUGE,
                      "Deletes waiting in the spool.",
                      3));
      List<Sample> m = PrometheusTextParser.parse(p.metrics().scrape(true));
      assertEquals(3, value(m, "memkube_proxy_async_delete_spool_entries"));
    }
  }

  private static List<Sample> scrape(HealthServer health) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.port() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    return PrometheusTextParser.parse(r.body());
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting");
      Thread.sleep(20);
    }
  }
}
