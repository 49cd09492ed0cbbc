package io.memkube.cacheserver.it;

import static io.memkube.protocol.metrics.PrometheusTextParser.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.cacheserver.metrics.CacheServerMetrics;
import io.memkube.protocol.health.HealthServer;
import io.memkube.protocol.metrics.PrometheusTextParser;
import io.memkube.protocol.metrics.PrometheusTextParser.Sample;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cache server's {@code /metrics} on its health port, read by the Prometheus project's parser:
 * memcached_exporter's names, values that follow the traffic, and the same numbers as {@code
 * stats}.
 */
class MetricsEndpointTest {
  /** What memcached_exporter's dashboards and alerts read most. */
  private static final Set<String> EXPORTER_FAMILIES =
      Set.of(
          "memcached_up",
          "memcached_uptime_seconds",
          "memcached_version",
          "memcached_commands",
          "memcached_current_items",
          "memcached_items",
          "memcached_current_bytes",
          "memcached_limit_bytes",
          "memcached_current_connections",
          "memcached_max_connections",
          "memcached_connections",
          "memcached_items_evicted",
          "memcached_items_reclaimed",
          "memcached_read_bytes",
          "memcached_written_bytes",
          "memcached_malloced_bytes",
          "memcached_slab_current_items",
          "memcached_slab_chunks_used",
          "memcached_slab_mem_requested_bytes",
          "memcached_slab_commands",
          "memcached_slab_lru_hits",
          "memcached_slab_items_evicted");

  private InProcessServer server;
  private HealthServer health;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    server = InProcessServer.start();
    health = HealthServer.startBeside(InetAddress.getLoopbackAddress(), 0, server.port);
    health.serveMetrics(
        new CacheServerMetrics(
            server.server.stats(), server.server.settings(), server.server.cache()));
  }

  @AfterEach
  void stop() {
    health.close();
    server.close();
  }

  private List<Sample> scrape() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.port() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    assertEquals(
        "text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").get());
    return PrometheusTextParser.parse(r.body());
  }

  private String send(String requests) throws Exception {
    try (WireClient w = new WireClient(server.port)) {
      w.send(requests + "mn\r\n");
      return w.readText("MN\r\n");
    }
  }

  @Test
  void everyFamilyParsesWithMemcachedExportersNamesAndMemkubesOwn() throws Exception {
    send("set a:1 0 0 5\r\nhello\r\nset b 0 0 300\r\n" + "x".repeat(300) + "\r\nget a:1 nope\r\n");
    List<Sample> samples = scrape();
    Set<String> families = samples.stream().map(Sample::family).collect(Collectors.toSet());
    for (String f : EXPORTER_FAMILIES) {
      assertTrue(families.contains(f), "missing " + f + " in " + families);
    }
    for (String f :
        List.of(
            "memkube_cache_pages_allocated",
            "memkube_cache_index_bytes",
            "memkube_netty_direct_memory_bytes",
            "memkube_jvm_gc_pause_seconds",
            "jvm_memory_used_bytes",
            "process_resident_memory_bytes")) {
      assertTrue(families.contains(f), "missing " + f);
    }
    // the metric list of docs/observability.md is what the dashboard's check trusts
    String docs =
        java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "observability.md"));
    for (String family : families) {
      // the parser drops a counter's _total from its family name
      assertTrue(
          docs.contains("`" + family + "`") || docs.contains("`" + family + "_total`"),
          family + " is not listed in docs/observability.md");
    }
    assertEquals(1, value(samples, "memcached_up"));
    assertEquals(1, value(samples, "memcached_commands_total", "command", "get", "status", "hit"));
    assertEquals(1, value(samples, "memcached_commands_total", "command", "get", "status", "miss"));
    assertEquals(2, value(samples, "memcached_commands_total", "command", "set", "status", "hit"));
    assertEquals(64L << 20, value(samples, "memcached_limit_bytes"));
  }

  @Test
  void countersAndGaugesMoveWithTheTraffic() throws Exception {
    List<Sample> before = scrape();
    StringBuilder load = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      load.append("set k").append(i).append(" 0 0 10\r\n0123456789\r\n");
    }
    for (int i = 0; i < 50; i++) {
      load.append("get k").append(i).append("\r\n");
    }
    load.append("get missing1 missing2\r\ndelete k0\r\nincr nope 1\r\n");
    send(load.toString());
    List<Sample> after = scrape();
    assertEquals(
        100,
        value(after, "memcached_commands_total", "command", "set", "status", "hit")
            - value(before, "memcached_commands_total", "command", "set", "status", "hit"));
    assertEquals(
        50,
        value(after, "memcached_commands_total", "command", "get", "status", "hit")
            - value(before, "memcached_commands_total", "command", "get", "status", "hit"));
    assertEquals(
        2,
        value(after, "memcached_commands_total", "command", "get", "status", "miss")
            - value(before, "memcached_commands_total", "command", "get", "status", "miss"));
    assertEquals(1, value(after, "memcached_commands_total", "command", "delete", "status", "hit"));
    assertEquals(1, value(after, "memcached_commands_total", "command", "incr", "status", "miss"));
    assertEquals(
        99, value(after, "memcached_current_items") - value(before, "memcached_current_items"));
    assertTrue(value(after, "memcached_current_bytes") > value(before, "memcached_current_bytes"));
    assertTrue(
        value(after, "memcached_read_bytes_total") - value(before, "memcached_read_bytes_total")
            > 100 * 30);
    assertTrue(value(after, "memkube_cache_pages_allocated") >= 1);
  }

  @Test
  void valuesEqualWhatStatsSaysWhenNothingHappensBetween() throws Exception {
    StringBuilder load = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      int size = (i * 37) % 3000;
      load.append("set k").append(i).append(" 0 0 ").append(size).append("\r\n");
      load.append("v".repeat(size)).append("\r\n");
    }
    load.append("get k1 k2 k3 nope\r\ntouch k4 100\r\ngets k5\r\ncas k6 0 0 1 1\r\nx\r\n");
    send(load.toString());
    Map<String, String> stats;
    Map<String, String> items;
    Map<String, String> slabs;
    try (WireClient w = new WireClient(server.port)) {
      stats = StatsReader.stats(w, "stats");
      items = StatsReader.stats(w, "stats items");
      slabs = StatsReader.stats(w, "stats slabs");
    }
    List<Sample> m = scrape();
    // asking (stats over the wire, the scrape's own round trip) moves only the byte and
    // connection counters, which are left out here
    Map<String, String> gauges =
        Map.of(
            "curr_items", "memcached_current_items",
            "bytes", "memcached_current_bytes",
            "limit_maxbytes", "memcached_limit_bytes",
            "total_items", "memcached_items_total",
            "evictions", "memcached_items_evicted_total",
            "reclaimed", "memcached_items_reclaimed_total",
            "max_connections", "memcached_max_connections");
    gauges.forEach(
        (stat, metric) ->
            assertEquals(Double.parseDouble(stats.get(stat)), value(m, metric), stat));
    for (String op : List.of("get", "delete", "incr", "decr", "cas", "touch")) {
      assertEquals(
          Double.parseDouble(stats.get(op + "_hits")),
          value(m, "memcached_commands_total", "command", op, "status", "hit"),
          op);
      assertEquals(
          Double.parseDouble(stats.get(op + "_misses")),
          value(m, "memcached_commands_total", "command", op, "status", "miss"),
          op);
    }
    assertEquals(
        Double.parseDouble(slabs.get("total_malloced")), value(m, "memcached_malloced_bytes"));
    int classes = 0;
    for (String key : items.keySet()) {
      if (!key.endsWith(":number")) {
        continue;
      }
      String slab = key.split(":")[1];
      classes++;
      assertEquals(
          Double.parseDouble(items.get(key)),
          value(m, "memcached_slab_current_items", "slab", slab));
      assertEquals(
          Double.parseDouble(slabs.get(slab + ":used_chunks")),
          value(m, "memcached_slab_chunks_used", "slab", slab));
      assertEquals(
          Double.parseDouble(items.get("items:" + slab + ":mem_requested")),
          value(m, "memcached_slab_mem_requested_bytes", "slab", slab));
      assertEquals(
          Double.parseDouble(slabs.get(slab + ":get_hits")),
          value(
              m, "memcached_slab_commands_total", "slab", slab, "command", "get", "status", "hit"));
    }
    assertTrue(classes > 5, "items of several slab classes: " + classes);
  }
}
