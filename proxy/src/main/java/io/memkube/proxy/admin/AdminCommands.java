package io.memkube.proxy.admin;

import io.memkube.protocol.Command;
import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.request.McRequest;
import io.memkube.proxy.config.LoadedConfig;
import io.memkube.proxy.route.Destination;
import io.memkube.proxy.route.DestinationRoute;
import io.memkube.proxy.route.RouteHandle;
import io.memkube.proxy.route.Router;
import io.memkube.proxy.state.ProxyState;
import io.memkube.proxy.state.ProxyStats;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the proxy answers about itself, as mcrouter does: {@code get __mcrouter__.<what>} keys, and
 * {@code stats [group]}.
 */
public final class AdminCommands {
  public static final String KEY_PREFIX = "__mcrouter__.";
  private static final byte[] PREFIX_BYTES = KEY_PREFIX.getBytes(StandardCharsets.US_ASCII);

  private final ProxyState state;

  public AdminCommands(ProxyState state) {
    this.state = state;
  }

  public static boolean isAdminKey(byte[] key) {
    if (key.length < PREFIX_BYTES.length) {
      return false;
    }
    for (int i = 0; i < PREFIX_BYTES.length; i++) {
      if (key[i] != PREFIX_BYTES[i]) {
        return false;
      }
    }
    return true;
  }

  /** The answer to {@code get __mcrouter__.<what>}: a hit with the value, or a miss. */
  public McReply get(byte[] key) {
    return get(key, null);
  }

  /**
   * As {@link #get(byte[])} for a client at {@code remote}: a key {@code --admin-keys-from} keeps
   * from it answers as a miss, as a key that does not exist.
   */
  public McReply get(byte[] key, java.net.SocketAddress remote) {
    String what = new String(key, StandardCharsets.UTF_8).substring(KEY_PREFIX.length());
    if (remote != null && !state.options().adminAccess().allows(what, remote)) {
      return McReply.MISS_REPLY;
    }
    LoadedConfig cfg = state.config();
    String value =
        switch (what) {
          case "version" -> state.version();
          case "config" -> cfg.text();
          case "preprocessed_config" -> cfg.preprocessed();
          case "config_age" ->
              Long.toString((System.currentTimeMillis() - state.configLoadedMillis()) / 1000);
          case "config_file" -> cfg.source();
          case "config_md5_digest" -> cfg.md5();
          case "hostid" -> Long.toString(hostId());
          case "options" -> state.options().toString();
          default -> routeQuery(what, cfg.router());
        };
    if (value == null) {
      return McReply.MISS_REPLY;
    }
    return McReply.hit(0, 0, value.getBytes(StandardCharsets.UTF_8));
  }

  public static long hostId() {
    String host = System.getenv().getOrDefault("HOSTNAME", "localhost");
    return Integer.toUnsignedLong(host.hashCode());
  }

  /** {@code route(op,key)}: servers the key would go to; {@code route_handles(op,key)}: handles. */
  private static String routeQuery(String what, Router router) {
    boolean servers = what.startsWith("route(");
    boolean handles = what.startsWith("route_handles(");
    if (!(servers || handles) || !what.endsWith(")")) {
      return null;
    }
    String args = what.substring(what.indexOf('(') + 1, what.length() - 1);
    int comma = args.indexOf(',');
    if (comma < 0) {
      return null;
    }
    Command op = Command.byMcrouterName(args.substring(0, comma));
    if (op == null) {
      return null;
    }
    byte[] key = args.substring(comma + 1).getBytes(StandardCharsets.UTF_8);
    Router.Resolved r = router.resolve(key);
    if (r == null) {
      return null;
    }
    McRequest req = McRequest.get(op, r.key(), 0);
    List<String> lines = new ArrayList<>();
    walk(r.route(), req, servers, 0, lines);
    return String.join("\r\n", lines);
  }

  private static void walk(
      RouteHandle h, McRequest req, boolean serversOnly, int depth, List<String> out) {
    if (h instanceof DestinationRoute d) {
      out.add(
          serversOnly ? d.destination().address().toString() : "  ".repeat(depth) + h.describe());
      return;
    }
    if (!serversOnly) {
      out.add("  ".repeat(depth) + h.describe());
    }
    for (RouteHandle t : h.targets(req)) {
      walk(t, req, serversOnly, depth + 1, out);
    }
  }

  /** The full reply to {@code stats <args>}. */
  public String stats(List<String> args) {
    String group = args.isEmpty() ? "" : args.get(0);
    StringBuilder sb = new StringBuilder();
    switch (group) {
      case "", "all" -> general(sb);
      case "detailed" -> {
        general(sb);
        detailed(sb);
      }
      case "servers" -> servers(sb, false);
      case "suspect_servers" -> servers(sb, true);
      default -> {
        return "CLIENT_ERROR bad stats command\r\n";
      }
    }
    return sb.append("END\r\n").toString();
  }

  private void general(StringBuilder sb) {
    ProxyStats s = state.stats();
    long now = System.currentTimeMillis();
    stat(sb, "pid", ProcessHandle.current().pid());
    stat(sb, "uptime", (now - s.startMillis) / 1000);
    stat(sb, "time", now / 1000);
    stat(sb, "version", state.version());
    stat(sb, "curr_connections", s.currentConnections.sum());
    stat(sb, "total_connections", s.totalConnections.sum());
    stat(sb, "auth_cmds", s.authCmds.sum());
    stat(sb, "auth_errors", s.authErrors.sum());
    long get = s.commands(Command.Kind.RETRIEVAL);
    long set = s.commands(Command.Kind.STORAGE);
    long delete = s.commands(Command.Kind.DELETE);
    long all = 0;
    for (Command c : Command.values()) {
      all += s.commands(c);
    }
    stat(sb, "cmd_get", get);
    stat(sb, "cmd_set", set);
    stat(sb, "cmd_delete", delete);
    stat(sb, "cmd_other", all - get - set - delete);
    stat(sb, "get_hits", s.getHits.sum());
    stat(sb, "get_misses", s.getMisses.sum());
    stat(sb, "error_replies", s.errorReplies.sum());
    stat(sb, "config_age", (now - state.configLoadedMillis()) / 1000);
    stat(sb, "config_last_success", s.lastConfigSuccessMillis / 1000);
    stat(
        sb,
        "config_last_attempt_failed",
        s.lastConfigFailureMillis > s.lastConfigSuccessMillis ? 1 : 0);
    stat(sb, "config_reloads", s.configReloads.sum());
    stat(sb, "config_failures", s.configReloadFailures.sum());
    int up = 0;
    int down = 0;
    for (Destination d : currentServers()) {
      if (d.health().isTko()) {
        down++;
      } else {
        up++;
      }
    }
    long refused = 0;
    for (Destination d : currentServers()) {
      refused += d.authFailures();
    }
    stat(sb, "server_auth_failures", refused);
    stat(sb, "num_servers_up", up);
    stat(sb, "num_servers_down", down);
    state.writeExtraStats((name, value) -> stat(sb, name, value));
  }

  /**
   * mcrouter's {@code stats detailed} adds per-operation counts to the basic ones: {@code
   * cmd_<op>_count} received from clients, {@code cmd_<op>_out} sent to servers (one per key), and
   * the failed requests by result.
   */
  private void detailed(StringBuilder sb) {
    ProxyStats s = state.stats();
    java.util.Collection<Destination> servers = currentServers();
    for (Command c : Command.values()) {
      if (!c.isProxied() || c.kind() == Command.Kind.LOCAL) {
        continue;
      }
      long out = 0;
      for (Destination d : servers) {
        out += d.requests(c);
      }
      stat(sb, "cmd_" + c.word() + "_count", s.commands(c));
      stat(sb, "cmd_" + c.word() + "_out", out);
    }
    for (Destination.ErrorKind k : Destination.ErrorKind.values()) {
      long n = 0;
      for (Destination d : servers) {
        n += d.errors(k);
      }
      stat(sb, "result_" + k.name().toLowerCase(java.util.Locale.ROOT) + "_count", n);
    }
    stat(sb, "outstanding_requests", s.outstanding.sum());
  }

  /** The servers of the current config, each once, in config order. */
  private java.util.Collection<Destination> currentServers() {
    java.util.Set<Destination> out = new java.util.LinkedHashSet<>();
    for (var pool : state.config().pools().values()) {
      out.addAll(pool.servers());
    }
    return out;
  }

  private void servers(StringBuilder sb, boolean suspectOnly) {
    for (Destination d : currentServers()) {
      var h = d.health();
      if (suspectOnly && !h.isTko() && h.consecutiveTimeouts() == 0) {
        continue;
      }
      String status =
          h.isTko()
              ? "down for "
                  + (System.currentTimeMillis() - h.tkoSinceMillis()) / 1000
                  + "s ("
                  + h.reason()
                  + ")"
              : "up";
      sb.append("STAT ")
          .append(d.address())
          .append(' ')
          .append(status)
          .append("; requests:")
          .append(d.requests())
          .append("; errors:")
          .append(d.errors())
          .append("; avg_latency_us:")
          .append(averageMicros(d))
          .append("; consecutive_timeouts:")
          .append(h.consecutiveTimeouts())
          .append("\r\n");
    }
  }

  /** Mean reply latency since the start, in microseconds with three decimals, as mcrouter's. */
  private static String averageMicros(Destination d) {
    long n = d.latency().count();
    return String.format(
        java.util.Locale.ROOT, "%.3f", n == 0 ? 0.0 : d.latency().sumSeconds() * 1e6 / n);
  }

  private static void stat(StringBuilder sb, String name, Object value) {
    sb.append("STAT ").append(name).append(' ').append(value).append("\r\n");
  }
}
