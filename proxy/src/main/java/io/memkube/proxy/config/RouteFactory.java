package io.memkube.proxy.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.memkube.protocol.Command;
import io.memkube.proxy.hash.KetamaRing;
import io.memkube.proxy.route.AllAsyncRoute;
import io.memkube.proxy.route.AllFastestRoute;
import io.memkube.proxy.route.AllInitialRoute;
import io.memkube.proxy.route.AllMajorityRoute;
import io.memkube.proxy.route.AllSyncRoute;
import io.memkube.proxy.route.Destination;
import io.memkube.proxy.route.DestinationRoute;
import io.memkube.proxy.route.ErrorRoute;
import io.memkube.proxy.route.FailoverErrors;
import io.memkube.proxy.route.FailoverRoute;
import io.memkube.proxy.route.HashRoute;
import io.memkube.proxy.route.LatestRoute;
import io.memkube.proxy.route.MissFailoverRoute;
import io.memkube.proxy.route.ModifyExptimeRoute;
import io.memkube.proxy.route.NullRoute;
import io.memkube.proxy.route.OperationSelectorRoute;
import io.memkube.proxy.route.PrefixSelectorRoute;
import io.memkube.proxy.route.RandomRoute;
import io.memkube.proxy.route.RouteHandle;
import io.memkube.proxy.route.WarmUpRoute;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds route handles from mcrouter's JSON: objects with a {@code type}, shorthand strings ({@code
 * "PoolRoute|A"}, {@code "AllSyncRoute|Pool|A"}), and named handles. Every error names its JSON
 * path.
 */
final class RouteFactory {
  private static final Set<String> CHILDREN_ONLY = Set.of("type", "name", "children");
  private static final Set<String> CHILDREN_TYPES =
      Set.of(
          "AllSyncRoute",
          "AllAsyncRoute",
          "AllInitialRoute",
          "AllMajorityRoute",
          "AllFastestRoute",
          "FailoverRoute",
          "MissFailoverRoute",
          "RandomRoute",
          "HashRoute",
          "LatestRoute");

  private final PoolFactory pools;
  private final Map<String, JsonNode> namedDefinitions;
  private final Map<String, RouteHandle> named = new HashMap<>();
  private final Set<String> building = new HashSet<>();
  private final Map<String, RouteHandle> shorthandCache = new HashMap<>();
  private final long hostId;

  RouteFactory(PoolFactory pools, Map<String, JsonNode> namedDefinitions, long hostId) {
    this.pools = pools;
    this.namedDefinitions = namedDefinitions;
    this.hostId = hostId;
  }

  /** Reads {@code named_handles}: an array of objects with a name, or an object name -> route. */
  static Map<String, JsonNode> namedDefinitions(JsonNode node) throws ConfigException {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        JsonNode h = node.get(i);
        String path = "$.named_handles[" + i + "]";
        if (!h.isObject() || !h.has("name")) {
          throw new ConfigException(path, "a named handle must be an object with a 'name'");
        }
        out.put(h.get("name").asText(), h);
      }
    } else if (node.isObject()) {
      node.properties().forEach(e -> out.put(e.getKey(), e.getValue()));
    } else {
      throw new ConfigException("$.named_handles", "expected an array or an object");
    }
    return out;
  }

  /** Builds every named handle, so errors in unused ones are reported too. */
  void buildAllNamed() throws ConfigException {
    for (String name : namedDefinitions.keySet()) {
      byName(name, "$.named_handles");
    }
  }

  RouteHandle route(JsonNode node, String path) throws ConfigException {
    if (node == null || node.isNull()) {
      throw new ConfigException(path, "missing route");
    }
    if (node.isTextual()) {
      return shorthand(node.asText(), path);
    }
    if (!node.isObject()) {
      throw new ConfigException(path, "expected a route: an object with 'type' or a string");
    }
    String name = JsonFields.string(node, "name", path, null);
    if (name != null && named.containsKey(name)) {
      return named.get(name);
    }
    RouteHandle built = object(node, path);
    if (name != null) {
      named.put(name, built);
    }
    return built;
  }

  private RouteHandle byName(String name, String path) throws ConfigException {
    RouteHandle h = named.get(name);
    if (h != null) {
      return h;
    }
    JsonNode def = namedDefinitions.get(name);
    if (def == null) {
      return null;
    }
    if (!building.add(name)) {
      throw new ConfigException(path, "named handle '" + name + "' refers to itself");
    }
    try {
      h = route(def, "$.named_handles." + name);
    } finally {
      building.remove(name);
    }
    named.put(name, h);
    return h;
  }

  private RouteHandle shorthand(String text, String path) throws ConfigException {
    RouteHandle cached = shorthandCache.get(text);
    if (cached != null) {
      return cached;
    }
    RouteHandle h;
    int bar = text.indexOf('|');
    String type = bar < 0 ? text : text.substring(0, bar);
    String rest = bar < 0 ? "" : text.substring(bar + 1);
    if (bar < 0) {
      RouteHandle n = byName(text, path);
      if (n != null) {
        return n;
      }
    }
    h =
        switch (type) {
          case "NullRoute" -> NullRoute.INSTANCE;
          case "ErrorRoute" -> new ErrorRoute(rest);
          case "PoolRoute" -> {
            if (rest.isEmpty()) {
              throw new ConfigException(path, "PoolRoute shorthand needs a pool: PoolRoute|NAME");
            }
            yield poolRoute(pools.byName(rest, path), HashSpec.DEFAULT, path);
          }
          case "Pool" ->
              throw new ConfigException(
                  path, "'" + text + "' is a list of servers; use it as children of a route");
          default -> {
            if (rest.isEmpty()) {
              throw new ConfigException(
                  path, "unknown route handle or named handle '" + text + "'");
            }
            if (!CHILDREN_TYPES.contains(type)) {
              throw new ConfigException(
                  path, "unknown route handle type '" + type + "' in '" + text + "'");
            }
            yield withChildren(type, childrenOf(rest, path), path);
          }
        };
    shorthandCache.put(text, h);
    return h;
  }

  /** The children written as a shorthand rest: {@code Pool|A}, or one route. */
  private List<RouteHandle> childrenOf(String rest, String path) throws ConfigException {
    if (rest.startsWith("Pool|")) {
      return destinations(pools.byName(rest.substring(5), path).servers());
    }
    return List.of(shorthand(rest, path));
  }

  private RouteHandle withChildren(String type, List<RouteHandle> children, String path)
      throws ConfigException {
    return switch (type) {
      case "AllSyncRoute" -> new AllSyncRoute(children);
      case "AllAsyncRoute" -> new AllAsyncRoute(children);
      case "AllInitialRoute" -> new AllInitialRoute(children);
      case "AllMajorityRoute" -> new AllMajorityRoute(children);
      case "AllFastestRoute" -> new AllFastestRoute(children);
      case "FailoverRoute" -> new FailoverRoute(children, FailoverErrors.DEFAULT);
      case "MissFailoverRoute" -> new MissFailoverRoute(children);
      case "RandomRoute" -> new RandomRoute(children);
      case "HashRoute" -> hashRoute(children, null, HashSpec.DEFAULT, path);
      case "LatestRoute" -> LatestRoute.create(children, 5, hostId, FailoverErrors.DEFAULT);
      default -> throw new ConfigException(path, "unknown route handle type '" + type + "'");
    };
  }

  private RouteHandle object(JsonNode node, String path) throws ConfigException {
    String type = JsonFields.string(node, "type", path, null);
    if (type == null) {
      throw new ConfigException(path, "missing required field 'type'");
    }
    switch (type) {
      case "PoolRoute" -> {
        JsonFields.allowOnly(node, path, Set.of("type", "name", "pool", "hash"));
        JsonNode pool = JsonFields.required(node, "pool", path);
        ServerPool p =
            pool.isTextual()
                ? pools.byName(pool.asText(), path + ".pool")
                : pools.inline(pool, path + ".pool");
        return poolRoute(p, HashSpec.read(node.get("hash"), path + ".hash"), path);
      }
      case "HashRoute" -> {
        JsonFields.allowOnly(
            node, path, Set.of("type", "name", "children", "hash_func", "salt", "hash"));
        List<RouteHandle> children = children(node, "children", path);
        HashSpec spec = HashSpec.read(node.get("hash"), path + ".hash");
        String func = JsonFields.string(node, "hash_func", path, null);
        if (func != null) {
          spec = spec.withFunc(func, path + ".hash_func");
        }
        String salt = JsonFields.string(node, "salt", path, null);
        if (salt != null) {
          spec = spec.withSalt(salt);
        }
        return hashRoute(children, null, spec, path);
      }
      case "FailoverRoute" -> {
        JsonFields.allowOnly(node, path, Set.of("type", "name", "children", "failover_errors"));
        return new FailoverRoute(children(node, "children", path), failoverErrors(node, path));
      }
      case "FailoverWithExptimeRoute" -> {
        JsonFields.allowOnly(
            node,
            path,
            Set.of("type", "name", "normal", "failover", "failover_exptime", "failover_errors"));
        long exptime = JsonFields.number(node, "failover_exptime", path, 60);
        List<RouteHandle> chain = new ArrayList<>();
        chain.add(route(JsonFields.required(node, "normal", path), path + ".normal"));
        for (RouteHandle f : children(node, "failover", path)) {
          chain.add(new ModifyExptimeRoute(f, exptime, ModifyExptimeRoute.Action.MIN));
        }
        return new FailoverRoute(chain, failoverErrors(node, path));
      }
      case "LatestRoute" -> {
        JsonFields.allowOnly(
            node, path, Set.of("type", "name", "children", "failover_count", "failover_errors"));
        int count = (int) JsonFields.number(node, "failover_count", path, 5);
        return LatestRoute.create(
            children(node, "children", path), count, hostId, failoverErrors(node, path));
      }
      case "AllSyncRoute",
          "AllAsyncRoute",
          "AllInitialRoute",
          "AllMajorityRoute",
          "AllFastestRoute",
          "MissFailoverRoute",
          "RandomRoute" -> {
        JsonFields.allowOnly(node, path, CHILDREN_ONLY);
        return withChildren(type, children(node, "children", path), path);
      }
      case "OperationSelectorRoute" -> {
        JsonFields.allowOnly(
            node, path, Set.of("type", "name", "operation_policies", "default_policy"));
        Map<Command, RouteHandle> policies = new HashMap<>();
        JsonNode ops = node.get("operation_policies");
        if (ops != null) {
          if (!ops.isObject()) {
            throw new ConfigException(path + ".operation_policies", "expected an object");
          }
          var it = ops.properties().iterator();
          while (it.hasNext()) {
            var e = it.next();
            String opPath = path + ".operation_policies." + e.getKey();
            List<Command> matched = opsNamed(e.getKey());
            if (matched.isEmpty()) {
              throw new ConfigException(opPath, "unknown operation '" + e.getKey() + "'");
            }
            RouteHandle r = route(e.getValue(), opPath);
            for (Command op : matched) {
              policies.put(op, r);
            }
          }
        }
        JsonNode dflt = node.get("default_policy");
        return new OperationSelectorRoute(
            policies, dflt == null ? null : route(dflt, path + ".default_policy"));
      }
      case "PrefixSelectorRoute" -> {
        JsonFields.allowOnly(node, path, Set.of("type", "name", "policies", "wildcard"));
        Map<String, RouteHandle> policies = new HashMap<>();
        JsonNode ps = node.get("policies");
        if (ps != null) {
          if (!ps.isObject()) {
            throw new ConfigException(path + ".policies", "expected an object of prefix -> route");
          }
          var it = ps.properties().iterator();
          while (it.hasNext()) {
            var e = it.next();
            policies.put(e.getKey(), route(e.getValue(), path + ".policies." + e.getKey()));
          }
        }
        JsonNode wildcard = node.get("wildcard");
        return new PrefixSelectorRoute(
            policies, wildcard == null ? null : route(wildcard, path + ".wildcard"));
      }
      case "WarmUpRoute" -> {
        JsonFields.allowOnly(node, path, Set.of("type", "name", "cold", "warm", "exptime"));
        return new WarmUpRoute(
            route(JsonFields.required(node, "cold", path), path + ".cold"),
            route(JsonFields.required(node, "warm", path), path + ".warm"),
            JsonFields.number(node, "exptime", path, 0));
      }
      case "ModifyExptimeRoute" -> {
        JsonFields.allowOnly(node, path, Set.of("type", "name", "target", "exptime", "action"));
        String action = JsonFields.string(node, "action", path, "set");
        ModifyExptimeRoute.Action a =
            switch (action) {
              case "set" -> ModifyExptimeRoute.Action.SET;
              case "min" -> ModifyExptimeRoute.Action.MIN;
              default -> throw new ConfigException(path + ".action", "expected 'set' or 'min'");
            };
        if (!node.has("exptime")) {
          throw new ConfigException(path, "missing required field 'exptime'");
        }
        return new ModifyExptimeRoute(
            route(JsonFields.required(node, "target", path), path + ".target"),
            JsonFields.number(node, "exptime", path, 0),
            a);
      }
      case "NullRoute" -> {
        JsonFields.allowOnly(node, path, Set.of("type", "name"));
        return NullRoute.INSTANCE;
      }
      case "ErrorRoute" -> {
        JsonFields.allowOnly(node, path, Set.of("type", "name", "response"));
        return new ErrorRoute(JsonFields.string(node, "response", path, ""));
      }
      default ->
          throw new ConfigException(path + ".type", "unknown route handle type '" + type + "'");
    }
  }

  private static List<Command> opsNamed(String name) {
    List<Command> out = new ArrayList<>();
    for (Command op : Command.values()) {
      if (op.isProxied() && (op.mcrouterName().equals(name) || op.word().equals(name))) {
        out.add(op);
      }
    }
    return out;
  }

  private FailoverErrors failoverErrors(JsonNode node, String path) throws ConfigException {
    if (!node.has("failover_errors")) {
      return FailoverErrors.DEFAULT;
    }
    try {
      return FailoverErrors.of(JsonFields.strings(node, "failover_errors", path));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(path + ".failover_errors", e.getMessage());
    }
  }

  private List<RouteHandle> children(JsonNode node, String field, String path)
      throws ConfigException {
    JsonNode c = node.get(field);
    String p = path + "." + field;
    if (c == null || c.isNull()) {
      throw new ConfigException(path, "missing required field '" + field + "'");
    }
    if (c.isTextual()) {
      return childrenOf(c.asText(), p);
    }
    if (c.isObject()) {
      return List.of(route(c, p));
    }
    List<RouteHandle> out = new ArrayList<>();
    for (int i = 0; i < c.size(); i++) {
      JsonNode child = c.get(i);
      if (child.isTextual() && child.asText().startsWith("Pool|")) {
        out.addAll(childrenOf(child.asText(), p + "[" + i + "]"));
      } else {
        out.add(route(child, p + "[" + i + "]"));
      }
    }
    return out;
  }

  private static List<RouteHandle> destinations(List<Destination> servers) {
    List<RouteHandle> out = new ArrayList<>(servers.size());
    for (Destination d : servers) {
      out.add(new DestinationRoute(d));
    }
    return out;
  }

  private RouteHandle poolRoute(ServerPool pool, HashSpec spec, String path)
      throws ConfigException {
    if (pool.servers().isEmpty()) {
      throw new ConfigException(path, "pool '" + pool.name() + "' has no servers");
    }
    return hashRoute(destinations(pool.servers()), pool.weights(), spec, path);
  }

  private RouteHandle hashRoute(
      List<RouteHandle> children, double[] weights, HashSpec spec, String path)
      throws ConfigException {
    if (children.isEmpty()) {
      throw new ConfigException(path, "a hash route needs at least one child");
    }
    List<String> names = new ArrayList<>(children.size());
    for (int i = 0; i < children.size(); i++) {
      names.add(
          children.get(i) instanceof DestinationRoute d
              ? KetamaRing.nameOf(
                  d.destination().address().host(), d.destination().address().port())
              : "child" + i);
    }
    return new HashRoute(
        "hash", children, spec.build(children.size(), weights, names, path), spec.salt());
  }
}
