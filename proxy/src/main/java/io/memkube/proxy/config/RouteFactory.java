package io.memkube.proxy.config;

import static io.memkube.proxy.configmodel.RouteField.ACTION;
import static io.memkube.proxy.configmodel.RouteField.CHILDREN;
import static io.memkube.proxy.configmodel.RouteField.COLD;
import static io.memkube.proxy.configmodel.RouteField.DEFAULT_POLICY;
import static io.memkube.proxy.configmodel.RouteField.EXPTIME;
import static io.memkube.proxy.configmodel.RouteField.FAILOVER;
import static io.memkube.proxy.configmodel.RouteField.FAILOVER_COUNT;
import static io.memkube.proxy.configmodel.RouteField.FAILOVER_EXPTIME;
import static io.memkube.proxy.configmodel.RouteField.HASH;
import static io.memkube.proxy.configmodel.RouteField.HASH_FUNC;
import static io.memkube.proxy.configmodel.RouteField.NORMAL;
import static io.memkube.proxy.configmodel.RouteField.OPERATION_POLICIES;
import static io.memkube.proxy.configmodel.RouteField.POLICIES;
import static io.memkube.proxy.configmodel.RouteField.POOL;
import static io.memkube.proxy.configmodel.RouteField.RESPONSE;
import static io.memkube.proxy.configmodel.RouteField.SALT;
import static io.memkube.proxy.configmodel.RouteField.TARGET;
import static io.memkube.proxy.configmodel.RouteField.WARM;
import static io.memkube.proxy.configmodel.RouteField.WILDCARD;

import com.fasterxml.jackson.databind.JsonNode;
import io.memkube.protocol.Command;
import io.memkube.proxy.configmodel.ConfigFields;
import io.memkube.proxy.configmodel.RouteField;
import io.memkube.proxy.configmodel.RouteType;
import io.memkube.proxy.hash.KetamaRing;
import io.memkube.proxy.route.AllAsyncRoute;
import io.memkube.proxy.route.AllFastestRoute;
import io.memkube.proxy.route.AllInitialRoute;
import io.memkube.proxy.route.AllMajorityRoute;
import io.memkube.proxy.route.AllSyncRoute;
import io.memkube.proxy.route.AsynclogDestinationRoute;
import io.memkube.proxy.route.BlackholeRoute;
import io.memkube.proxy.route.DeleteLog;
import io.memkube.proxy.route.Destination;
import io.memkube.proxy.route.DestinationRoute;
import io.memkube.proxy.route.DevNullRoute;
import io.memkube.proxy.route.ErrorRoute;
import io.memkube.proxy.route.FailoverErrors;
import io.memkube.proxy.route.FailoverRoute;
import io.memkube.proxy.route.HashRoute;
import io.memkube.proxy.route.HostIdRoute;
import io.memkube.proxy.route.KeySplitRoute;
import io.memkube.proxy.route.L1L2CacheRoute;
import io.memkube.proxy.route.LatestRoute;
import io.memkube.proxy.route.LoadBalancerRoute;
import io.memkube.proxy.route.LoggingRoute;
import io.memkube.proxy.route.MigrateRoute;
import io.memkube.proxy.route.MissFailoverRoute;
import io.memkube.proxy.route.ModifyExptimeRoute;
import io.memkube.proxy.route.NullRoute;
import io.memkube.proxy.route.OperationSelectorRoute;
import io.memkube.proxy.route.PrefixSelectorRoute;
import io.memkube.proxy.route.RandomRoute;
import io.memkube.proxy.route.RouteHandle;
import io.memkube.proxy.route.ShadowRoute;
import io.memkube.proxy.route.TkoFailoverRoute;
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
 * path. The types, their fields and their shorthand are declared once, in {@link RouteType} (shared
 * with the operator that writes the config); the two switches below build each type and fail to
 * compile when a type is added without a way to build it.
 */
final class RouteFactory {
  private final PoolFactory pools;
  private final Map<String, JsonNode> namedDefinitions;
  private final Map<String, RouteHandle> named = new HashMap<>();
  private final Set<String> building = new HashSet<>();
  private final Map<String, RouteHandle> shorthandCache = new HashMap<>();
  private final long hostId;
  private final DeleteLog deleteLog;

  /** {@code --tko-failover-exptime-seconds}: 0, or pools fail a down server over to the next. */
  private final long tkoFailoverExptime;

  /**
   * The asynclog name while the target of an AsynclogRoute is built: servers listed inside spool
   * their failed deletes under it (mcrouter sets it per request; here it is fixed when built).
   */
  private String asynclogScope;

  RouteFactory(
      PoolFactory pools,
      Map<String, JsonNode> namedDefinitions,
      long hostId,
      DeleteLog deleteLog,
      long tkoFailoverExptime) {
    this.pools = pools;
    this.namedDefinitions = namedDefinitions;
    this.hostId = hostId;
    this.deleteLog = deleteLog;
    this.tkoFailoverExptime = tkoFailoverExptime;
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
        if (!h.isObject() || !h.has(RouteField.NAME)) {
          throw new ConfigException(path, "a named handle must be an object with a 'name'");
        }
        out.put(h.get(RouteField.NAME).asText(), h);
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
    String name = JsonFields.string(node, RouteField.NAME, path, null);
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
    String cacheKey = asynclogScope == null ? text : asynclogScope + "\u0000" + text;
    RouteHandle cached = shorthandCache.get(cacheKey);
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
    RouteType t = RouteType.named(type);
    if (type.equals(ConfigFields.POOL_SHORTHAND)) {
      throw new ConfigException(
          path, "'" + text + "' is a list of servers; use it as children of a route");
    }
    if (t == null && RouteType.REFUSED.containsKey(type)) {
      throw new ConfigException(
          path,
          "mcrouter's "
              + type
              + " is not supported by memkube-proxy: "
              + RouteType.REFUSED.get(type));
    }
    if (t == null || t.shorthand() == RouteType.Shorthand.NONE) {
      throw new ConfigException(
          path,
          bar < 0
              ? "unknown route handle or named handle '" + text + "'"
              : "unknown route handle type '" + type + "' in '" + text + "'");
    }
    h =
        switch (t.shorthand()) {
          case BARE, NONE -> object(t, null, path);
          case MESSAGE -> new ErrorRoute(rest);
          case POOL_NAME -> {
            if (rest.isEmpty()) {
              throw new ConfigException(path, "PoolRoute shorthand needs a pool: PoolRoute|NAME");
            }
            ServerPool p = pools.byName(rest, path);
            yield poolRoute(p, HashSpec.DEFAULT, p.name(), path);
          }
          case TARGET -> {
            if (rest.isEmpty()) {
              throw new ConfigException(path, t.typeName() + " shorthand needs a route after '|'");
            }
            yield t == RouteType.LOGGING_ROUTE
                ? new LoggingRoute(shorthand(rest, path))
                : asynclogRoute(rest, null, rest, path);
          }
          case CHILDREN -> {
            if (rest.isEmpty()) {
              throw new ConfigException(
                  path, "unknown route handle or named handle '" + text + "'");
            }
            yield withChildren(t, childrenOf(rest, path), path);
          }
        };
    shorthandCache.put(cacheKey, h);
    return h;
  }

  /** The children written as a shorthand rest: {@code Pool|A}, or one route. */
  private List<RouteHandle> childrenOf(String rest, String path) throws ConfigException {
    String poolPrefix = ConfigFields.poolServers("");
    if (rest.startsWith(poolPrefix)) {
      return destinations(
          pools.byName(rest.substring(poolPrefix.length()), path).servers(), asynclogScope);
    }
    return List.of(shorthand(rest, path));
  }

  /** A route of a type whose shorthand takes children, from its children. */
  private RouteHandle withChildren(RouteType type, List<RouteHandle> children, String path)
      throws ConfigException {
    return withChildren(type, children, null, path);
  }

  /** ... with the object form's other fields ({@code node}, null for shorthand). */
  private RouteHandle withChildren(
      RouteType type, List<RouteHandle> children, JsonNode node, String path)
      throws ConfigException {
    if (type == RouteType.LOAD_BALANCER_ROUTE) {
      return loadBalancer(children, node, path);
    }
    return switch (type) {
      case ALL_SYNC_ROUTE -> new AllSyncRoute(children);
      case ALL_ASYNC_ROUTE -> new AllAsyncRoute(children);
      case ALL_INITIAL_ROUTE -> new AllInitialRoute(children);
      case ALL_MAJORITY_ROUTE -> new AllMajorityRoute(children);
      case ALL_FASTEST_ROUTE -> new AllFastestRoute(children);
      case FAILOVER_ROUTE -> new FailoverRoute(children, FailoverErrors.DEFAULT);
      case MISS_FAILOVER_ROUTE -> new MissFailoverRoute(children);
      case RANDOM_ROUTE -> new RandomRoute(children);
      case HASH_ROUTE -> hashRoute(children, null, HashSpec.DEFAULT, path);
      case LATEST_ROUTE -> LatestRoute.create(children, 5, hostId, FailoverErrors.DEFAULT);
      case HOST_ID_ROUTE ->
          children.isEmpty() ? NullRoute.INSTANCE : new HostIdRoute(children, hostId);
      case LOAD_BALANCER_ROUTE -> loadBalancer(children, null, path);
      case POOL_ROUTE,
          FAILOVER_WITH_EXPTIME_ROUTE,
          OPERATION_SELECTOR_ROUTE,
          PREFIX_SELECTOR_ROUTE,
          WARM_UP_ROUTE,
          MODIFY_EXPTIME_ROUTE,
          NULL_ROUTE,
          ERROR_ROUTE,
          ASYNCLOG_ROUTE,
          SHADOW_ROUTE,
          KEY_SPLIT_ROUTE,
          L1_L2_CACHE_ROUTE,
          BLACKHOLE_ROUTE,
          DEV_NULL_ROUTE,
          LOGGING_ROUTE,
          RATE_LIMIT_ROUTE,
          MIGRATE_ROUTE ->
          throw new ConfigException(path, type.typeName() + " does not take a list of children");
    };
  }

  private RouteHandle object(JsonNode node, String path) throws ConfigException {
    String typeName = JsonFields.string(node, RouteField.TYPE, path, null);
    if (typeName == null) {
      throw new ConfigException(path, "missing required field 'type'");
    }
    RouteType type = RouteType.named(typeName);
    if (type == null) {
      String refused = RouteType.REFUSED.get(typeName);
      throw new ConfigException(
          path + ".type",
          refused != null
              ? "mcrouter's " + typeName + " is not supported by memkube-proxy: " + refused
              : "unknown route handle type '" + typeName + "'");
    }
    JsonFields.allowOnly(node, path, type.fields());
    return object(type, node, path);
  }

  /** A route of {@code type} from its object form ({@code node} null: the bare type name). */
  private RouteHandle object(RouteType type, JsonNode node, String path) throws ConfigException {
    return switch (type) {
      case POOL_ROUTE -> {
        JsonNode pool = JsonFields.required(node, POOL, path);
        ServerPool p =
            pool.isTextual()
                ? pools.byName(pool.asText(), path + "." + POOL)
                : pools.inline(pool, path + "." + POOL);
        boolean asynclog = JsonFields.bool(node, RouteField.ASYNCLOG, path, true);
        String logName = JsonFields.string(node, RouteField.ASYNCLOG_NAME, path, p.name());
        RouteHandle pr =
            poolRoute(
                p,
                HashSpec.read(node.get(HASH), path + "." + HASH),
                asynclog ? logName : asynclogScope,
                node.get(RouteField.SHADOWS),
                path);
        yield node.has(RouteField.RATES)
            ? RouteParts.rateLimit(pr, node.get(RouteField.RATES), path + "." + RouteField.RATES)
            : pr;
      }
      case KEY_SPLIT_ROUTE -> {
        if (!node.has(RouteField.REPLICAS) || !node.has(RouteField.ALL_SYNC)) {
          throw new ConfigException(path, "KeySplitRoute needs 'replicas' and 'all_sync'");
        }
        long replicas = JsonFields.number(node, RouteField.REPLICAS, path, 0);
        if (replicas < 2 || replicas > 1000) {
          throw new ConfigException(
              path + "." + RouteField.REPLICAS, "replicas must be between 2 and 1000");
        }
        yield new KeySplitRoute(
            route(
                JsonFields.required(node, RouteField.DESTINATION, path),
                path + "." + RouteField.DESTINATION),
            (int) replicas,
            JsonFields.bool(node, RouteField.ALL_SYNC, path, false),
            JsonFields.bool(node, RouteField.FIRST_HIT, path, false),
            hostId);
      }
      case L1_L2_CACHE_ROUTE -> {
        if (!node.has(RouteField.UPGRADING_L1_EXPTIME)) {
          throw new ConfigException(path, "L1L2CacheRoute needs 'upgradingL1Exptime'");
        }
        yield new L1L2CacheRoute(
            route(JsonFields.required(node, RouteField.L1, path), path + "." + RouteField.L1),
            route(JsonFields.required(node, RouteField.L2, path), path + "." + RouteField.L2),
            JsonFields.number(node, RouteField.UPGRADING_L1_EXPTIME, path, 0),
            JsonFields.number(node, RouteField.NCACHE_EXPTIME, path, 0),
            JsonFields.number(node, RouteField.NCACHE_UPDATE_PERIOD, path, 0));
      }
      case LOAD_BALANCER_ROUTE, HOST_ID_ROUTE ->
          withChildren(type, children(node, CHILDREN, path), node, path);
      case BLACKHOLE_ROUTE -> {
        JsonNode dflt = JsonFields.required(node, RouteField.DEFAULT, path);
        JsonNode hole = node.get(RouteField.BLACKHOLE_CHILD);
        yield new BlackholeRoute(
            route(dflt, path + "." + RouteField.DEFAULT),
            hole == null
                ? NullRoute.INSTANCE
                : route(hole, path + "." + RouteField.BLACKHOLE_CHILD),
            RouteParts.blackholePolicies(node.get(POLICIES), path + "." + POLICIES));
      }
      case DEV_NULL_ROUTE -> DevNullRoute.INSTANCE;
      case LOGGING_ROUTE -> {
        JsonNode target = node == null ? null : node.get(TARGET);
        yield new LoggingRoute(
            target == null ? NullRoute.INSTANCE : route(target, path + "." + TARGET));
      }
      case RATE_LIMIT_ROUTE ->
          RouteParts.rateLimit(
              route(JsonFields.required(node, TARGET, path), path + "." + TARGET),
              JsonFields.required(node, RouteField.RATES, path),
              path + "." + RouteField.RATES);
      case MIGRATE_ROUTE -> {
        if (!node.has(RouteField.START_TIME)) {
          throw new ConfigException(path, "MigrateRoute needs 'start_time' (seconds since epoch)");
        }
        yield new MigrateRoute(
            route(JsonFields.required(node, RouteField.FROM, path), path + "." + RouteField.FROM),
            route(JsonFields.required(node, RouteField.TO, path), path + "." + RouteField.TO),
            JsonFields.number(node, RouteField.START_TIME, path, 0),
            JsonFields.number(node, RouteField.INTERVAL, path, 3600),
            () -> System.currentTimeMillis() / 1000);
      }
      case SHADOW_ROUTE -> {
        RouteHandle normal = route(JsonFields.required(node, NORMAL, path), path + "." + NORMAL);
        List<ShadowSpec> specs = ShadowSpec.readAll(node.get(RouteField.SHADOWS), path, this);
        List<ShadowRoute.Shadow> shadows = new ArrayList<>();
        for (ShadowSpec sp : specs) {
          if (sp.indexRangeGiven()) {
            throw new ConfigException(
                path + "." + RouteField.SHADOWS,
                "index_range belongs to a PoolRoute's shadows; a ShadowRoute has one normal route");
          }
          shadows.add(sp.shadow());
        }
        yield shadows.isEmpty() ? normal : new ShadowRoute(normal, shadows);
      }
      case ASYNCLOG_ROUTE -> {
        String logName = JsonFields.string(node, RouteField.NAME, path, null);
        if (logName == null) {
          throw new ConfigException(path, "AsynclogRoute needs a 'name': the asynclog name");
        }
        yield asynclogRoute(null, JsonFields.required(node, TARGET, path), logName, path);
      }
      case HASH_ROUTE -> {
        List<RouteHandle> children = children(node, CHILDREN, path);
        HashSpec spec = HashSpec.read(node.get(HASH), path + "." + HASH);
        String func = JsonFields.string(node, HASH_FUNC, path, null);
        if (func != null) {
          spec = spec.withFunc(func, path + "." + HASH_FUNC);
        }
        String salt = JsonFields.string(node, SALT, path, null);
        if (salt != null) {
          spec = spec.withSalt(salt);
        }
        yield hashRoute(children, null, spec, path);
      }
      case FAILOVER_ROUTE ->
          new FailoverRoute(children(node, CHILDREN, path), failoverErrors(node, path));
      case FAILOVER_WITH_EXPTIME_ROUTE -> {
        long exptime = JsonFields.number(node, FAILOVER_EXPTIME, path, 60);
        List<RouteHandle> chain = new ArrayList<>();
        chain.add(route(JsonFields.required(node, NORMAL, path), path + "." + NORMAL));
        for (RouteHandle f : children(node, FAILOVER, path)) {
          chain.add(new ModifyExptimeRoute(f, exptime, ModifyExptimeRoute.Action.MIN));
        }
        yield new FailoverRoute(chain, failoverErrors(node, path));
      }
      case LATEST_ROUTE -> {
        int count = (int) JsonFields.number(node, FAILOVER_COUNT, path, 5);
        yield LatestRoute.create(
            children(node, CHILDREN, path), count, hostId, failoverErrors(node, path));
      }
      case ALL_SYNC_ROUTE,
          ALL_ASYNC_ROUTE,
          ALL_INITIAL_ROUTE,
          ALL_MAJORITY_ROUTE,
          ALL_FASTEST_ROUTE,
          MISS_FAILOVER_ROUTE,
          RANDOM_ROUTE ->
          withChildren(type, children(node, CHILDREN, path), path);
      case OPERATION_SELECTOR_ROUTE -> {
        Map<Command, RouteHandle> policies = new HashMap<>();
        JsonNode ops = node.get(OPERATION_POLICIES);
        if (ops != null) {
          if (!ops.isObject()) {
            throw new ConfigException(path + "." + OPERATION_POLICIES, "expected an object");
          }
          var it = ops.properties().iterator();
          while (it.hasNext()) {
            var e = it.next();
            String opPath = path + "." + OPERATION_POLICIES + "." + e.getKey();
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
        JsonNode dflt = node.get(DEFAULT_POLICY);
        yield new OperationSelectorRoute(
            policies, dflt == null ? null : route(dflt, path + "." + DEFAULT_POLICY));
      }
      case PREFIX_SELECTOR_ROUTE -> {
        Map<String, RouteHandle> policies = new HashMap<>();
        JsonNode ps = node.get(POLICIES);
        if (ps != null) {
          if (!ps.isObject()) {
            throw new ConfigException(
                path + "." + POLICIES, "expected an object of prefix -> route");
          }
          var it = ps.properties().iterator();
          while (it.hasNext()) {
            var e = it.next();
            policies.put(e.getKey(), route(e.getValue(), path + "." + POLICIES + "." + e.getKey()));
          }
        }
        JsonNode wildcard = node.get(WILDCARD);
        yield new PrefixSelectorRoute(
            policies, wildcard == null ? null : route(wildcard, path + "." + WILDCARD));
      }
      case WARM_UP_ROUTE ->
          new WarmUpRoute(
              route(JsonFields.required(node, COLD, path), path + "." + COLD),
              route(JsonFields.required(node, WARM, path), path + "." + WARM),
              JsonFields.number(node, EXPTIME, path, 0));
      case MODIFY_EXPTIME_ROUTE -> {
        String action = JsonFields.string(node, ACTION, path, "set");
        ModifyExptimeRoute.Action a =
            switch (action) {
              case "set" -> ModifyExptimeRoute.Action.SET;
              case "min" -> ModifyExptimeRoute.Action.MIN;
              default -> throw new ConfigException(path + "." + ACTION, "expected 'set' or 'min'");
            };
        if (!node.has(EXPTIME)) {
          throw new ConfigException(path, "missing required field '" + EXPTIME + "'");
        }
        yield new ModifyExptimeRoute(
            route(JsonFields.required(node, TARGET, path), path + "." + TARGET),
            JsonFields.number(node, EXPTIME, path, 0),
            a);
      }
      case NULL_ROUTE -> NullRoute.INSTANCE;
      case ERROR_ROUTE ->
          new ErrorRoute(node == null ? "" : JsonFields.string(node, RESPONSE, path, ""));
    };
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
    if (!node.has(RouteField.FAILOVER_ERRORS)) {
      return FailoverErrors.DEFAULT;
    }
    try {
      return FailoverErrors.of(JsonFields.strings(node, RouteField.FAILOVER_ERRORS, path));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(path + "." + RouteField.FAILOVER_ERRORS, e.getMessage());
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
      if (child.isTextual() && child.asText().startsWith(ConfigFields.poolServers(""))) {
        out.addAll(childrenOf(child.asText(), p + "[" + i + "]"));
      } else {
        out.add(route(child, p + "[" + i + "]"));
      }
    }
    return out;
  }

  /**
   * The target of an AsynclogRoute, written as a shorthand string or as JSON, built with every
   * server under it spooling failed deletes as {@code logName}.
   */
  private RouteHandle asynclogRoute(
      String shorthandTarget, JsonNode target, String logName, String path) throws ConfigException {
    String outer = asynclogScope;
    asynclogScope = logName;
    try {
      return shorthandTarget != null
          ? shorthand(shorthandTarget, path)
          : route(target, path + "." + TARGET);
    } finally {
      asynclogScope = outer;
    }
  }

  /**
   * One leaf per server; under an asynclog name (and unless {@code --asynclog-disable}), a leaf
   * that spools the deletes its server fails.
   */
  private List<RouteHandle> destinations(List<Destination> servers, String asynclogName) {
    List<RouteHandle> out = new ArrayList<>(servers.size());
    for (Destination d : servers) {
      DestinationRoute leaf = new DestinationRoute(d);
      out.add(
          asynclogName != null && deleteLog != null
              ? new AsynclogDestinationRoute(leaf, deleteLog, asynclogName)
              : leaf);
    }
    return out;
  }

  private RouteHandle poolRoute(ServerPool pool, HashSpec spec, String asynclogName, String path)
      throws ConfigException {
    return poolRoute(pool, spec, asynclogName, null, path);
  }

  /**
   * A pool's hash route; {@code shadowsNode}, when given, wraps the servers in each shadow's {@code
   * index_range} (end excluded) in a {@link ShadowRoute}, as mcrouter does.
   */
  private RouteHandle poolRoute(
      ServerPool pool, HashSpec spec, String asynclogName, JsonNode shadowsNode, String path)
      throws ConfigException {
    if (pool.servers().isEmpty()) {
      throw new ConfigException(path, "pool '" + pool.name() + "' has no servers");
    }
    List<RouteHandle> leaves = destinations(pool.servers(), asynclogName);
    if (shadowsNode != null) {
      List<ShadowSpec> specs = ShadowSpec.readAll(shadowsNode, path, this);
      for (int i = 0; i < leaves.size(); i++) {
        List<ShadowRoute.Shadow> here = new ArrayList<>();
        for (ShadowSpec sp : specs) {
          if (sp.fromIndex() <= i && i < sp.toIndex()) {
            here.add(sp.shadow());
          }
        }
        if (!here.isEmpty()) {
          leaves.set(i, new ShadowRoute(leaves.get(i), here));
        }
      }
    }
    RouteHandle hashed = hashRoute(leaves, pool.weights(), spec, path);
    if (tkoFailoverExptime <= 0 || leaves.size() < 2 || !(hashed instanceof HashRoute h)) {
      return hashed;
    }
    return new TkoFailoverRoute(
        h, leaves.stream().map(RouteFactory::serverOf).toList(), tkoFailoverExptime);
  }

  /** mcrouter's LoadBalancerRoute: none -> NullRoute, one -> the child itself. */
  private static RouteHandle loadBalancer(List<RouteHandle> children, JsonNode node, String path)
      throws ConfigException {
    if (children.isEmpty()) {
      return NullRoute.INSTANCE;
    }
    if (children.size() == 1) {
      return children.get(0);
    }
    String salt = node == null ? "" : JsonFields.string(node, SALT, path, "");
    long failover = node == null ? 1 : JsonFields.number(node, FAILOVER_COUNT, path, 1);
    if (node != null) {
      long pct = JsonFields.number(node, RouteField.DEFAULT_SERVER_LOAD_PERCENT, path, 50);
      if (pct < 0 || pct > 100) {
        throw new ConfigException(
            path + "." + RouteField.DEFAULT_SERVER_LOAD_PERCENT, "must be between 0 and 100");
      }
      JsonFields.number(node, RouteField.LOAD_TTL_MS, path, 100);
    }
    return new LoadBalancerRoute(children, salt, (int) Math.max(1, failover));
  }

  /** Builds a shadow's target (for {@link ShadowSpec}). */
  RouteHandle shadowTarget(JsonNode node, String path) throws ConfigException {
    return route(node, path);
  }

  /** The server behind a leaf, or null for a route that is not one server. */
  static Destination serverOf(RouteHandle h) {
    if (h instanceof ShadowRoute s) {
      return serverOf(s.normal());
    }
    if (h instanceof AsynclogDestinationRoute a) {
      return a.server().destination();
    }
    return h instanceof DestinationRoute d ? d.destination() : null;
  }

  private RouteHandle hashRoute(
      List<RouteHandle> children, double[] weights, HashSpec spec, String path)
      throws ConfigException {
    if (children.isEmpty()) {
      throw new ConfigException(path, "a hash route needs at least one child");
    }
    List<String> names = new ArrayList<>(children.size());
    for (int i = 0; i < children.size(); i++) {
      Destination d = serverOf(children.get(i));
      names.add(
          d != null ? KetamaRing.nameOf(d.address().host(), d.address().port()) : "child" + i);
    }
    return new HashRoute(
        "hash", children, spec.build(children.size(), weights, names, path), spec.salt());
  }
}
