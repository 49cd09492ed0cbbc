package io.memkube.proxy.configmodel.parse;

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
import io.memkube.proxy.configmodel.ConfigFields;
import io.memkube.proxy.configmodel.RouteField;
import io.memkube.proxy.configmodel.RouteType;
import io.memkube.proxy.configmodel.spec.HashSpec;
import io.memkube.proxy.configmodel.spec.OperationNames;
import io.memkube.proxy.configmodel.spec.PoolSpec;
import io.memkube.proxy.configmodel.spec.RouteSpec;
import io.memkube.proxy.configmodel.spec.ServerSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads routes from mcrouter's JSON into {@link RouteSpec}s: objects with a {@code type}, shorthand
 * strings ({@code "PoolRoute|A"}, {@code "AllSyncRoute|Pool|A"}), and named handles. Every error
 * names its JSON path. The types, their fields and their shorthand are declared once, in {@link
 * RouteType}; the two switches below read each type and fail to compile when a type is added
 * without a way to read it.
 */
final class RouteReader {
  private static final RouteSpec NULL = new RouteSpec.Null(false);

  private final PoolReader pools;
  private final Map<String, JsonNode> namedDefinitions;
  private final Map<String, RouteSpec> named = new HashMap<>();
  private final Set<String> building = new HashSet<>();
  private final Map<String, RouteSpec> shorthandCache = new HashMap<>();

  /**
   * The asynclog name while the target of an AsynclogRoute is read: servers listed inside spool
   * their failed deletes under it (mcrouter sets it per request; here it is fixed when read).
   */
  private String asynclogScope;

  RouteReader(PoolReader pools, Map<String, JsonNode> namedDefinitions) {
    this.pools = pools;
    this.namedDefinitions = namedDefinitions;
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

  /** Reads every named handle, so errors in unused ones are reported too. */
  void readAllNamed() throws ConfigException {
    for (String name : namedDefinitions.keySet()) {
      byName(name, "$.named_handles");
    }
  }

  /** The route in {@code node}'s required field {@code field}, its path named after the field. */
  private RouteSpec requiredRoute(JsonNode node, String field, String path) throws ConfigException {
    return route(JsonFields.required(node, field, path), path + "." + field);
  }

  RouteSpec route(JsonNode node, String path) throws ConfigException {
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
    RouteSpec read = object(node, path);
    if (name != null) {
      named.put(name, read);
    }
    return read;
  }

  private RouteSpec byName(String name, String path) throws ConfigException {
    RouteSpec h = named.get(name);
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

  private RouteSpec shorthand(String text, String path) throws ConfigException {
    String cacheKey = asynclogScope == null ? text : asynclogScope + "\u0000" + text;
    RouteSpec cached = shorthandCache.get(cacheKey);
    if (cached != null) {
      return cached;
    }
    int bar = text.indexOf('|');
    String type = bar < 0 ? text : text.substring(0, bar);
    String rest = bar < 0 ? "" : text.substring(bar + 1);
    if (bar < 0) {
      RouteSpec n = byName(text, path);
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
      throw new ConfigException(path, refusal(type));
    }
    if (t == null || t.shorthand() == RouteType.Shorthand.NONE) {
      throw new ConfigException(
          path,
          bar < 0
              ? "unknown route handle or named handle '" + text + "'"
              : "unknown route handle type '" + type + "' in '" + text + "'");
    }
    RouteSpec h =
        switch (t.shorthand()) {
          case BARE, NONE -> object(t, null, path);
          case MESSAGE -> new RouteSpec.Error(rest);
          case POOL_NAME -> {
            if (rest.isEmpty()) {
              throw new ConfigException(path, "PoolRoute shorthand needs a pool: PoolRoute|NAME");
            }
            PoolSpec p = pools.byName(rest, path);
            yield poolRoute(p, HashSpec.DEFAULT, p.name(), null, path);
          }
          case TARGET -> {
            if (rest.isEmpty()) {
              throw new ConfigException(path, t.typeName() + " shorthand needs a route after '|'");
            }
            yield t == RouteType.LOGGING_ROUTE
                ? new RouteSpec.Logging(shorthand(rest, path))
                : asynclogRoute(rest, null, rest, path);
          }
          case CHILDREN -> {
            if (rest.isEmpty()) {
              throw new ConfigException(
                  path, "unknown route handle or named handle '" + text + "'");
            }
            yield withChildren(t, childrenOf(rest, path), null, path);
          }
        };
    shorthandCache.put(cacheKey, h);
    return h;
  }

  private static String refusal(String type) {
    return "mcrouter's "
        + type
        + " is not supported by memkube-proxy: "
        + RouteType.REFUSED.get(type);
  }

  /** The children written as a shorthand rest: {@code Pool|A}, or one route. */
  private List<RouteSpec> childrenOf(String rest, String path) throws ConfigException {
    String poolPrefix = ConfigFields.poolServers("");
    if (rest.startsWith(poolPrefix)) {
      return servers(pools.byName(rest.substring(poolPrefix.length()), path), asynclogScope);
    }
    return List.of(shorthand(rest, path));
  }

  /**
   * A route of a type whose shorthand takes children, from its children and the object form's other
   * fields ({@code node}, null for shorthand).
   */
  private RouteSpec withChildren(
      RouteType type, List<RouteSpec> children, JsonNode node, String path) throws ConfigException {
    return switch (type) {
      case ALL_SYNC_ROUTE,
          ALL_ASYNC_ROUTE,
          ALL_INITIAL_ROUTE,
          ALL_MAJORITY_ROUTE,
          ALL_FASTEST_ROUTE,
          MISS_FAILOVER_ROUTE,
          RANDOM_ROUTE ->
          new RouteSpec.Fanout(type, children);
      case HOST_ID_ROUTE -> children.isEmpty() ? NULL : new RouteSpec.Fanout(type, children);
      case FAILOVER_ROUTE -> new RouteSpec.Failover(children, null);
      case HASH_ROUTE -> hashRoute(children, null, HashSpec.DEFAULT, path);
      case LATEST_ROUTE -> new RouteSpec.Latest(children, 5, null);
      case LOAD_BALANCER_ROUTE -> loadBalancer(children, node, path);
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
          MIGRATE_ROUTE,
          ORIGINAL_CLIENT_HASH_ROUTE ->
          throw new ConfigException(path, type.typeName() + " does not take a list of children");
    };
  }

  private RouteSpec object(JsonNode node, String path) throws ConfigException {
    String typeName = JsonFields.string(node, RouteField.TYPE, path, null);
    if (typeName == null) {
      throw new ConfigException(path, "missing required field 'type'");
    }
    RouteType type = RouteType.named(typeName);
    if (type == null) {
      throw new ConfigException(
          path + ".type",
          RouteType.REFUSED.containsKey(typeName)
              ? refusal(typeName)
              : "unknown route handle type '" + typeName + "'");
    }
    if (type == RouteType.HASH_ROUTE) {
      RouteType as = hashFuncRoute(node, path);
      if (as != null) {
        // mcrouter builds a LatestRoute or LoadBalancerRoute from such a HashRoute's own fields
        Set<String> fields = new HashSet<>(as.fields());
        fields.add(HASH_FUNC);
        JsonFields.allowOnly(node, path, fields);
        return object(as, node, path);
      }
    }
    JsonFields.allowOnly(node, path, type.fields());
    return object(type, node, path);
  }

  /**
   * The route a HashRoute's {@code hash_func} {@code Latest} or {@code LoadBalancer} stands for in
   * mcrouter, or null for a hash function.
   */
  private static RouteType hashFuncRoute(JsonNode node, String path) throws ConfigException {
    String func = JsonFields.string(node, HASH_FUNC, path, null);
    if (func == null) {
      return null;
    }
    return switch (func.toLowerCase(java.util.Locale.ROOT)) {
      case "latest" -> RouteType.LATEST_ROUTE;
      case "loadbalancer" -> RouteType.LOAD_BALANCER_ROUTE;
      default -> null;
    };
  }

  /** A route of {@code type} from its object form ({@code node} null: the bare type name). */
  private RouteSpec object(RouteType type, JsonNode node, String path) throws ConfigException {
    return switch (type) {
      case POOL_ROUTE -> {
        JsonNode pool = JsonFields.required(node, POOL, path);
        PoolSpec p =
            pool.isTextual()
                ? pools.byName(pool.asText(), path + "." + POOL)
                : pools.inline(pool, path + "." + POOL);
        boolean asynclog = JsonFields.bool(node, RouteField.ASYNCLOG, path, true);
        String logName = JsonFields.string(node, RouteField.ASYNCLOG_NAME, path, p.name());
        RouteSpec pr =
            poolRoute(
                p,
                HashReader.read(node.get(HASH), path + "." + HASH),
                asynclog ? logName : asynclogScope,
                node.get(RouteField.SHADOWS),
                path);
        yield node.has(RouteField.RATES)
            ? RoutePartsReader.rateLimit(
                pr, node.get(RouteField.RATES), path + "." + RouteField.RATES)
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
        yield new RouteSpec.KeySplit(
            requiredRoute(node, RouteField.DESTINATION, path),
            (int) replicas,
            JsonFields.bool(node, RouteField.ALL_SYNC, path, false),
            JsonFields.bool(node, RouteField.FIRST_HIT, path, false));
      }
      case L1_L2_CACHE_ROUTE -> {
        if (!node.has(RouteField.UPGRADING_L1_EXPTIME)) {
          throw new ConfigException(path, "L1L2CacheRoute needs 'upgradingL1Exptime'");
        }
        yield new RouteSpec.L1L2Cache(
            requiredRoute(node, RouteField.L1, path),
            requiredRoute(node, RouteField.L2, path),
            JsonFields.number(node, RouteField.UPGRADING_L1_EXPTIME, path, 0),
            JsonFields.number(node, RouteField.NCACHE_EXPTIME, path, 0),
            JsonFields.number(node, RouteField.NCACHE_UPDATE_PERIOD, path, 0));
      }
      case LOAD_BALANCER_ROUTE, HOST_ID_ROUTE ->
          withChildren(type, children(node, CHILDREN, path), node, path);
      case BLACKHOLE_ROUTE -> {
        JsonNode dflt = JsonFields.required(node, RouteField.DEFAULT, path);
        JsonNode hole = node.get(RouteField.BLACKHOLE_CHILD);
        yield new RouteSpec.Blackhole(
            route(dflt, path + "." + RouteField.DEFAULT),
            hole == null ? NULL : route(hole, path + "." + RouteField.BLACKHOLE_CHILD),
            RoutePartsReader.blackholePolicies(node.get(POLICIES), path + "." + POLICIES));
      }
      case DEV_NULL_ROUTE -> new RouteSpec.Null(true);
      case LOGGING_ROUTE -> {
        JsonNode target = node == null ? null : node.get(TARGET);
        yield new RouteSpec.Logging(target == null ? NULL : route(target, path + "." + TARGET));
      }
      case RATE_LIMIT_ROUTE ->
          RoutePartsReader.rateLimit(
              requiredRoute(node, TARGET, path),
              JsonFields.required(node, RouteField.RATES, path),
              path + "." + RouteField.RATES);
      case MIGRATE_ROUTE -> {
        if (!node.has(RouteField.START_TIME)) {
          throw new ConfigException(path, "MigrateRoute needs 'start_time' (seconds since epoch)");
        }
        yield new RouteSpec.Migrate(
            requiredRoute(node, RouteField.FROM, path),
            requiredRoute(node, RouteField.TO, path),
            JsonFields.number(node, RouteField.START_TIME, path, 0),
            JsonFields.number(node, RouteField.INTERVAL, path, 3600));
      }
      case ORIGINAL_CLIENT_HASH_ROUTE ->
          originalClientHash(children(node, CHILDREN, path), node, path);
      case SHADOW_ROUTE -> {
        RouteSpec normal = requiredRoute(node, NORMAL, path);
        List<RouteSpec.Shadow> shadows = new ArrayList<>();
        for (ShadowReader.PoolShadow sp :
            ShadowReader.readAll(node.get(RouteField.SHADOWS), path, this::route)) {
          if (sp.indexRangeGiven()) {
            throw new ConfigException(
                path + "." + RouteField.SHADOWS,
                "index_range belongs to a PoolRoute's shadows; a ShadowRoute has one normal route");
          }
          shadows.add(sp.shadow());
        }
        yield shadows.isEmpty() ? normal : new RouteSpec.Shadowed(normal, List.copyOf(shadows));
      }
      case ASYNCLOG_ROUTE -> {
        String logName = JsonFields.string(node, RouteField.NAME, path, null);
        if (logName == null) {
          throw new ConfigException(path, "AsynclogRoute needs a 'name': the asynclog name");
        }
        yield asynclogRoute(null, JsonFields.required(node, TARGET, path), logName, path);
      }
      case HASH_ROUTE -> {
        List<RouteSpec> children = children(node, CHILDREN, path);
        HashSpec spec = HashReader.read(node.get(HASH), path + "." + HASH);
        String func = JsonFields.string(node, HASH_FUNC, path, null);
        if (func != null) {
          spec = spec.withFunc(HashReader.function(func, path + "." + HASH_FUNC));
        }
        String salt = JsonFields.string(node, SALT, path, null);
        if (salt != null) {
          spec = spec.withSalt(salt);
        }
        yield hashRoute(children, null, spec, path);
      }
      case FAILOVER_ROUTE ->
          new RouteSpec.Failover(children(node, CHILDREN, path), failoverErrors(node, path));
      case FAILOVER_WITH_EXPTIME_ROUTE -> {
        long exptime = JsonFields.number(node, FAILOVER_EXPTIME, path, 60);
        List<RouteSpec> chain = new ArrayList<>();
        chain.add(requiredRoute(node, NORMAL, path));
        for (RouteSpec f : children(node, FAILOVER, path)) {
          chain.add(new RouteSpec.ModifyExptime(f, exptime, true));
        }
        yield new RouteSpec.Failover(List.copyOf(chain), failoverErrors(node, path));
      }
      case LATEST_ROUTE -> {
        int count = (int) JsonFields.number(node, FAILOVER_COUNT, path, 5);
        yield new RouteSpec.Latest(
            children(node, CHILDREN, path), count, failoverErrors(node, path));
      }
      case ALL_SYNC_ROUTE,
          ALL_ASYNC_ROUTE,
          ALL_INITIAL_ROUTE,
          ALL_MAJORITY_ROUTE,
          ALL_FASTEST_ROUTE,
          MISS_FAILOVER_ROUTE,
          RANDOM_ROUTE ->
          withChildren(type, children(node, CHILDREN, path), null, path);
      case OPERATION_SELECTOR_ROUTE -> {
        Map<String, RouteSpec> policies = new LinkedHashMap<>();
        JsonNode ops = node.get(OPERATION_POLICIES);
        if (ops != null) {
          if (!ops.isObject()) {
            throw new ConfigException(path + "." + OPERATION_POLICIES, "expected an object");
          }
          var it = ops.properties().iterator();
          while (it.hasNext()) {
            var e = it.next();
            String opPath = path + "." + OPERATION_POLICIES + "." + e.getKey();
            if (!OperationNames.ALL.contains(e.getKey())) {
              throw new ConfigException(opPath, "unknown operation '" + e.getKey() + "'");
            }
            policies.put(e.getKey(), route(e.getValue(), opPath));
          }
        }
        JsonNode dflt = node.get(DEFAULT_POLICY);
        yield new RouteSpec.OperationSelector(
            policies, dflt == null ? null : route(dflt, path + "." + DEFAULT_POLICY));
      }
      case PREFIX_SELECTOR_ROUTE -> {
        Map<String, RouteSpec> policies = new LinkedHashMap<>();
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
        yield new RouteSpec.PrefixSelector(
            policies, wildcard == null ? null : route(wildcard, path + "." + WILDCARD));
      }
      case WARM_UP_ROUTE ->
          new RouteSpec.WarmUp(
              requiredRoute(node, COLD, path),
              requiredRoute(node, WARM, path),
              JsonFields.number(node, EXPTIME, path, 0));
      case MODIFY_EXPTIME_ROUTE -> {
        String action = JsonFields.string(node, ACTION, path, "set");
        boolean min =
            switch (action) {
              case "set" -> false;
              case "min" -> true;
              default -> throw new ConfigException(path + "." + ACTION, "expected 'set' or 'min'");
            };
        if (!node.has(EXPTIME)) {
          throw new ConfigException(path, "missing required field '" + EXPTIME + "'");
        }
        yield new RouteSpec.ModifyExptime(
            requiredRoute(node, TARGET, path), JsonFields.number(node, EXPTIME, path, 0), min);
      }
      case NULL_ROUTE -> NULL;
      case ERROR_ROUTE ->
          new RouteSpec.Error(node == null ? "" : JsonFields.string(node, RESPONSE, path, ""));
    };
  }

  private static List<String> failoverErrors(JsonNode node, String path) throws ConfigException {
    if (!node.has(RouteField.FAILOVER_ERRORS)) {
      return null;
    }
    List<String> names = JsonFields.strings(node, RouteField.FAILOVER_ERRORS, path);
    for (String n : names) {
      if (!RouteSpec.Failover.ERROR_NAMES.contains(n)) {
        throw new ConfigException(
            path + "." + RouteField.FAILOVER_ERRORS,
            "unknown failover error '"
                + n
                + "', expected one of "
                + new TreeSet<>(RouteSpec.Failover.ERROR_NAMES));
      }
    }
    return List.copyOf(names);
  }

  private List<RouteSpec> children(JsonNode node, String field, String path)
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
    List<RouteSpec> out = new ArrayList<>();
    for (int i = 0; i < c.size(); i++) {
      JsonNode child = c.get(i);
      if (child.isTextual() && child.asText().startsWith(ConfigFields.poolServers(""))) {
        out.addAll(childrenOf(child.asText(), p + "[" + i + "]"));
      } else {
        out.add(route(child, p + "[" + i + "]"));
      }
    }
    return List.copyOf(out);
  }

  /**
   * The target of an AsynclogRoute, written as a shorthand string or as JSON, read with every
   * server under it spooling failed deletes as {@code logName}.
   */
  private RouteSpec asynclogRoute(
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

  /** One leaf per server of the pool, spooling failed deletes under {@code asynclogName}. */
  private static List<RouteSpec> servers(PoolSpec pool, String asynclogName) {
    List<RouteSpec> out = new ArrayList<>(pool.servers().size());
    for (ServerSpec s : pool.servers()) {
      out.add(new RouteSpec.Server(s, asynclogName));
    }
    return out;
  }

  /**
   * A pool's hash route; {@code shadowsNode}, when given, wraps the servers in each shadow's {@code
   * index_range} (end excluded) in a shadowed route, as mcrouter does.
   */
  private RouteSpec poolRoute(
      PoolSpec pool, HashSpec spec, String asynclogName, JsonNode shadowsNode, String path)
      throws ConfigException {
    if (pool.servers().isEmpty()) {
      throw new ConfigException(path, "pool '" + pool.name() + "' has no servers");
    }
    List<RouteSpec> leaves = servers(pool, asynclogName);
    if (shadowsNode != null) {
      List<ShadowReader.PoolShadow> specs = ShadowReader.readAll(shadowsNode, path, this::route);
      for (int i = 0; i < leaves.size(); i++) {
        List<RouteSpec.Shadow> here = new ArrayList<>();
        for (ShadowReader.PoolShadow sp : specs) {
          if (sp.fromIndex() <= i && i < sp.toIndex()) {
            here.add(sp.shadow());
          }
        }
        if (!here.isEmpty()) {
          leaves.set(i, new RouteSpec.Shadowed(leaves.get(i), List.copyOf(here)));
        }
      }
    }
    return hashRoute(leaves, pool.weights(), spec, path);
  }

  /**
   * mcrouter's OriginalClientHashRoute: at least one child (one is the child itself), and an {@code
   * offset} in [0, children) that shifts the child the client's address hashes to.
   */
  private static RouteSpec originalClientHash(List<RouteSpec> children, JsonNode node, String path)
      throws ConfigException {
    if (children.isEmpty()) {
      throw new ConfigException(path + "." + CHILDREN, "OriginalClientHashRoute needs a child");
    }
    JsonNode offset = node.get(RouteField.OFFSET);
    if (offset != null
        && !(offset.canConvertToInt()
            && offset.isIntegralNumber()
            && offset.asInt() >= 0
            && offset.asInt() < children.size())) {
      throw new ConfigException(
          path + "." + RouteField.OFFSET,
          "'offset' must be an integer from 0 to the number of children less one ("
              + (children.size() - 1)
              + "), got "
              + offset);
    }
    if (children.size() == 1) {
      return children.get(0);
    }
    return new RouteSpec.OriginalClientHash(children, offset == null ? 0 : offset.asInt());
  }

  /** mcrouter's LoadBalancerRoute: none -> NullRoute, one -> the child itself. */
  private static RouteSpec loadBalancer(List<RouteSpec> children, JsonNode node, String path)
      throws ConfigException {
    if (children.isEmpty()) {
      return NULL;
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
    return new RouteSpec.LoadBalancer(children, salt, (int) Math.max(1, failover));
  }

  private static RouteSpec hashRoute(
      List<RouteSpec> children, double[] poolWeights, HashSpec spec, String path)
      throws ConfigException {
    if (children.isEmpty()) {
      throw new ConfigException(path, "a hash route needs at least one child");
    }
    if (spec.func().equals("weightedch3") && spec.weights() != null) {
      for (int i = 0; i < Math.min(children.size(), spec.weights().length); i++) {
        double w = spec.weights()[i];
        if (!(w >= 0 && w <= 1)) {
          throw new ConfigException(
              path + "." + HASH + ".weights[" + i + "]",
              "WeightedCh3's weights are numbers in [0, 1], got " + w);
        }
      }
    }
    return new RouteSpec.Hash(List.copyOf(children), poolWeights, spec);
  }
}
