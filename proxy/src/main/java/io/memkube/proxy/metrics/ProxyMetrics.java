package io.memkube.proxy.metrics;

import io.memkube.protocol.Command;
import io.memkube.protocol.health.HealthServer;
import io.memkube.protocol.metrics.JvmMetrics;
import io.memkube.protocol.metrics.MetricFamilies;
import io.memkube.protocol.metrics.MetricFamilies.Type;
import io.memkube.proxy.config.LoadedConfig;
import io.memkube.proxy.config.ServerPool;
import io.memkube.proxy.health.TkoTracker;
import io.memkube.proxy.route.Destination;
import io.memkube.proxy.state.ProxyState;
import io.memkube.proxy.state.ProxyStats;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The proxy's {@code /metrics}: what its clients asked and got, what each server (by pool) was sent
 * and how fast it answered, which servers are down (TKO), the config it runs and how its reloads
 * went. mcrouter has no such endpoint; the names are memkube's ({@code memkube_proxy_}). Everything
 * is read from the counters the request path keeps anyway (striped adders), so a scrape costs the
 * request path nothing.
 */
public final class ProxyMetrics implements HealthServer.MetricsScrape {
  private final ProxyState state;
  private final List<MetricsContributor> contributors = new CopyOnWriteArrayList<>();

  public ProxyMetrics(ProxyState state) {
    this.state = state;
  }

  /** Adds families of another part of the proxy (the async delete spool) to every scrape. */
  public void register(MetricsContributor contributor) {
    contributors.add(contributor);
  }

  @Override
  public String scrape(boolean answering) {
    return families(answering).encode();
  }

  /** One scrape's families. */
  public MetricFamilies families(boolean answering) {
    MetricFamilies out = new MetricFamilies();
    ProxyStats s = state.stats();
    out.add(
        "memkube_proxy_up",
        Type.GAUGE,
        "Whether the proxy answered a version round trip just now.",
        answering ? 1 : 0);
    out.add(
        "memkube_proxy_info", Type.GAUGE, "The proxy's version.", 1, "version", state.version());
    out.add(
        "memkube_proxy_client_connections",
        Type.GAUGE,
        "Client connections open now.",
        s.currentConnections.sum());
    out.add(
        "memkube_proxy_client_connections_total",
        Type.COUNTER,
        "Client connections accepted since the start.",
        s.totalConnections.sum());
    clientRequests(out, s);
    out.add(
        "memkube_proxy_get_hits_total",
        Type.COUNTER,
        "Retrieval keys answered with a value.",
        s.getHits.sum());
    out.add(
        "memkube_proxy_get_misses_total",
        Type.COUNTER,
        "Retrieval keys answered without a value (errors turned into misses included).",
        s.getMisses.sum());
    out.add(
        "memkube_proxy_outstanding_requests",
        Type.GAUGE,
        "Keys routed to a server and not answered yet.",
        s.outstanding.sum());
    config(out, s);
    servers(out, state.config());
    for (MetricsContributor c : contributors) {
      c.writeTo(out);
    }
    JvmMetrics.writeTo(out);
    return out;
  }

  private static void clientRequests(MetricFamilies out, ProxyStats s) {
    for (Command c : Command.values()) {
      if (!c.isProxied()) {
        continue;
      }
      out.add(
          "memkube_proxy_requests_total",
          Type.COUNTER,
          "Client commands by operation (a multi-get is one).",
          s.commands(c),
          "operation",
          c.word());
      out.add(
          "memkube_proxy_errors_total",
          Type.COUNTER,
          "Error replies for clients' keys by operation, before miss_on_get_errors turns a get's"
              + " into a miss.",
          s.errors(c),
          "operation",
          c.word());
    }
  }

  private void config(MetricFamilies out, ProxyStats s) {
    LoadedConfig cfg = state.config();
    out.add(
        "memkube_proxy_config_reloads_total",
        Type.COUNTER,
        "Config reloads that took effect.",
        s.configReloads.sum());
    out.add(
        "memkube_proxy_config_reload_failures_total",
        Type.COUNTER,
        "Config reloads refused (the proxy kept its config).",
        s.configReloadFailures.sum());
    out.add(
        "memkube_proxy_config_last_success_timestamp_seconds",
        Type.GAUGE,
        "When the running config was loaded (unix time).",
        state.configLoadedMillis() / 1000.0);
    out.add(
        "memkube_proxy_config_last_failure_timestamp_seconds",
        Type.GAUGE,
        "When a reload was last refused (unix time; 0: never).",
        s.lastConfigFailureMillis / 1000.0);
    out.add(
        "memkube_proxy_config_info",
        Type.GAUGE,
        "The running config: its md5 digest (what __mcrouter__.config_md5_digest answers) and"
            + " where it came from.",
        1,
        "md5",
        cfg.md5(),
        "source",
        cfg.source() == null ? "" : cfg.source());
  }

  /**
   * Per server, labelled with the first pool of the config that lists it (a server in two pools is
   * one destination, counted once); {@code memkube_proxy_pool_server} lists every membership.
   */
  private static void servers(MetricFamilies out, LoadedConfig cfg) {
    Map<Destination, String> firstPool = new java.util.LinkedHashMap<>();
    for (ServerPool pool : cfg.pools().values()) {
      for (Destination d : pool.servers()) {
        firstPool.putIfAbsent(d, pool.name());
        out.add(
            "memkube_proxy_pool_server",
            Type.GAUGE,
            "1 for each server of each pool of the running config.",
            1,
            "pool",
            pool.name(),
            "server",
            d.address().toString());
      }
    }
    int up = 0;
    int down = 0;
    for (Map.Entry<Destination, String> e : firstPool.entrySet()) {
      Destination d = e.getKey();
      String pool = e.getValue();
      String server = d.address().toString();
      TkoTracker h = d.health();
      if (h.isTko()) {
        down++;
      } else {
        up++;
      }
      for (Command c : Command.values()) {
        long n = d.requests(c);
        if (n > 0 || c == Command.GET || c == Command.SET || c == Command.DELETE) {
          out.add(
              "memkube_proxy_server_requests_total",
              Type.COUNTER,
              "Requests sent to a server, by operation (one per key).",
              n,
              "pool",
              pool,
              "server",
              server,
              "operation",
              c.word());
        }
      }
      out.add(
          "memkube_proxy_server_auth_failures_total",
          Type.COUNTER,
          "Logins (the pool's credentials_file) the server refused: it is marked down until one"
              + " succeeds.",
          d.authFailures(),
          "pool",
          pool,
          "server",
          server);
      for (Destination.ErrorKind k : Destination.ErrorKind.values()) {
        out.add(
            "memkube_proxy_server_errors_total",
            Type.COUNTER,
            "Requests to a server that failed, by reason: timeout, connect_error, remote_error, tko"
                + " (not sent: the server was down).",
            d.errors(k),
            "pool",
            pool,
            "server",
            server,
            "reason",
            k.name().toLowerCase(java.util.Locale.ROOT));
      }
      d.latency()
          .writeTo(
              out,
              "memkube_proxy_server_latency_seconds",
              "From the write of a request to the parse of its reply.",
              "pool",
              pool,
              "server",
              server);
      out.add(
          "memkube_proxy_server_tko",
          Type.GAUGE,
          "1 while the server is down (TKO): requests to it fail fast.",
          h.isTko() ? 1 : 0,
          "pool",
          pool,
          "server",
          server);
      out.add(
          "memkube_proxy_server_tko_hard",
          Type.GAUGE,
          "1 while the server is down after a connect error or a closed connection (0 for a soft TKO from timeouts).",
          h.isHardTko() ? 1 : 0,
          "pool",
          pool,
          "server",
          server);
      out.add(
          "memkube_proxy_server_tko_total",
          Type.COUNTER,
          "Times the server went down (TKO).",
          h.tkoCount(),
          "pool",
          pool,
          "server",
          server);
      out.add(
          "memkube_proxy_server_consecutive_timeouts",
          Type.GAUGE,
          "Timeouts in a row (soft TKO at --timeouts-until-tko).",
          h.consecutiveTimeouts(),
          "pool",
          pool,
          "server",
          server);
      out.add(
          "memkube_proxy_server_connections",
          Type.GAUGE,
          "Connections open to the server over every proxy thread.",
          d.openConnections(),
          "pool",
          pool,
          "server",
          server);
    }
    out.add(
        "memkube_proxy_servers",
        Type.GAUGE,
        "Servers of the running config by state.",
        up,
        "state",
        "up");
    out.add(
        "memkube_proxy_servers",
        Type.GAUGE,
        "Servers of the running config by state.",
        down,
        "state",
        "down");
  }
}
