package io.memkube.proxy.configmodel;

import static io.memkube.proxy.configmodel.RouteField.ACTION;
import static io.memkube.proxy.configmodel.RouteField.ASYNCLOG;
import static io.memkube.proxy.configmodel.RouteField.ASYNCLOG_NAME;
import static io.memkube.proxy.configmodel.RouteField.CHILDREN;
import static io.memkube.proxy.configmodel.RouteField.COLD;
import static io.memkube.proxy.configmodel.RouteField.DEFAULT_POLICY;
import static io.memkube.proxy.configmodel.RouteField.EXPTIME;
import static io.memkube.proxy.configmodel.RouteField.FAILOVER;
import static io.memkube.proxy.configmodel.RouteField.FAILOVER_COUNT;
import static io.memkube.proxy.configmodel.RouteField.FAILOVER_ERRORS;
import static io.memkube.proxy.configmodel.RouteField.FAILOVER_EXPTIME;
import static io.memkube.proxy.configmodel.RouteField.HASH;
import static io.memkube.proxy.configmodel.RouteField.HASH_FUNC;
import static io.memkube.proxy.configmodel.RouteField.NAME;
import static io.memkube.proxy.configmodel.RouteField.NORMAL;
import static io.memkube.proxy.configmodel.RouteField.OPERATION_POLICIES;
import static io.memkube.proxy.configmodel.RouteField.POLICIES;
import static io.memkube.proxy.configmodel.RouteField.POOL;
import static io.memkube.proxy.configmodel.RouteField.RESPONSE;
import static io.memkube.proxy.configmodel.RouteField.SALT;
import static io.memkube.proxy.configmodel.RouteField.SHADOWS;
import static io.memkube.proxy.configmodel.RouteField.TARGET;
import static io.memkube.proxy.configmodel.RouteField.TYPE;
import static io.memkube.proxy.configmodel.RouteField.WARM;
import static io.memkube.proxy.configmodel.RouteField.WILDCARD;

import java.util.Map;
import java.util.Set;

/**
 * The route handle types the proxy understands: each with its name in the config, the fields its
 * object form allows, and what its shorthand string ({@code "Type|rest"}) means.
 */
public enum RouteType {
  POOL_ROUTE(
      "PoolRoute",
      Shorthand.POOL_NAME,
      POOL,
      HASH,
      ASYNCLOG,
      ASYNCLOG_NAME,
      SHADOWS,
      RouteField.RATES),
  /** memkube's JSON for what mcrouter builds from PoolRoute shadows: {@code normal} + shadows. */
  SHADOW_ROUTE("ShadowRoute", Shorthand.NONE, NORMAL, SHADOWS),
  HASH_ROUTE("HashRoute", Shorthand.CHILDREN, CHILDREN, HASH_FUNC, SALT, HASH),
  FAILOVER_ROUTE("FailoverRoute", Shorthand.CHILDREN, CHILDREN, FAILOVER_ERRORS),
  FAILOVER_WITH_EXPTIME_ROUTE(
      "FailoverWithExptimeRoute",
      Shorthand.NONE,
      NORMAL,
      FAILOVER,
      FAILOVER_EXPTIME,
      FAILOVER_ERRORS),
  LATEST_ROUTE("LatestRoute", Shorthand.CHILDREN, CHILDREN, FAILOVER_COUNT, FAILOVER_ERRORS),
  ALL_SYNC_ROUTE("AllSyncRoute", Shorthand.CHILDREN, CHILDREN),
  ALL_ASYNC_ROUTE("AllAsyncRoute", Shorthand.CHILDREN, CHILDREN),
  ALL_INITIAL_ROUTE("AllInitialRoute", Shorthand.CHILDREN, CHILDREN),
  ALL_MAJORITY_ROUTE("AllMajorityRoute", Shorthand.CHILDREN, CHILDREN),
  ALL_FASTEST_ROUTE("AllFastestRoute", Shorthand.CHILDREN, CHILDREN),
  MISS_FAILOVER_ROUTE("MissFailoverRoute", Shorthand.CHILDREN, CHILDREN),
  RANDOM_ROUTE("RandomRoute", Shorthand.CHILDREN, CHILDREN),
  OPERATION_SELECTOR_ROUTE(
      "OperationSelectorRoute", Shorthand.NONE, OPERATION_POLICIES, DEFAULT_POLICY),
  PREFIX_SELECTOR_ROUTE("PrefixSelectorRoute", Shorthand.NONE, POLICIES, WILDCARD),
  WARM_UP_ROUTE("WarmUpRoute", Shorthand.NONE, COLD, WARM, EXPTIME),
  MODIFY_EXPTIME_ROUTE("ModifyExptimeRoute", Shorthand.NONE, TARGET, EXPTIME, ACTION),
  NULL_ROUTE("NullRoute", Shorthand.BARE),
  ERROR_ROUTE("ErrorRoute", Shorthand.MESSAGE, RESPONSE),
  /** Deletes under it that fail are spooled under the asynclog name {@code name}. */
  ASYNCLOG_ROUTE("AsynclogRoute", Shorthand.TARGET, TARGET),
  KEY_SPLIT_ROUTE(
      "KeySplitRoute",
      Shorthand.NONE,
      RouteField.DESTINATION,
      RouteField.REPLICAS,
      RouteField.ALL_SYNC,
      RouteField.FIRST_HIT),
  L1_L2_CACHE_ROUTE(
      "L1L2CacheRoute",
      Shorthand.NONE,
      RouteField.L1,
      RouteField.L2,
      RouteField.UPGRADING_L1_EXPTIME,
      RouteField.NCACHE_EXPTIME,
      RouteField.NCACHE_UPDATE_PERIOD),
  LOAD_BALANCER_ROUTE(
      "LoadBalancerRoute",
      Shorthand.CHILDREN,
      CHILDREN,
      SALT,
      RouteField.LOAD_TTL_MS,
      RouteField.DEFAULT_SERVER_LOAD_PERCENT,
      FAILOVER_COUNT),
  HOST_ID_ROUTE("HostIdRoute", Shorthand.CHILDREN, CHILDREN),
  BLACKHOLE_ROUTE(
      "BlackholeRoute", Shorthand.NONE, POLICIES, RouteField.DEFAULT, RouteField.BLACKHOLE_CHILD),
  DEV_NULL_ROUTE("DevNullRoute", Shorthand.BARE),
  LOGGING_ROUTE("LoggingRoute", Shorthand.TARGET, TARGET),
  RATE_LIMIT_ROUTE("RateLimitRoute", Shorthand.NONE, TARGET, RouteField.RATES),
  MIGRATE_ROUTE(
      "MigrateRoute",
      Shorthand.NONE,
      RouteField.FROM,
      RouteField.TO,
      RouteField.START_TIME,
      RouteField.INTERVAL),
  /** The child the client's IP address hashes to (mcrouter's, with {@code --retain-source-ip}). */
  ORIGINAL_CLIENT_HASH_ROUTE(
      "OriginalClientHashRoute", Shorthand.NONE, CHILDREN, RouteField.OFFSET);

  /**
   * mcrouter route handles this proxy does not provide, with the reason: a config that uses one is
   * refused naming it, instead of "unknown type".
   */
  public static final Map<String, String> REFUSED =
      Map.of(
          "BigValueRoute",
          "splitting large values over several keys is not implemented",
          "CarbonLookasideRoute",
          "it needs mcrouter's carbon lookaside client",
          "ModifyKeyRoute",
          "key rewriting is not implemented",
          "OutstandingLimitRoute",
          "per-client outstanding limits are --max-client-outstanding-reqs here",
          "LatencyInjectionRoute",
          "latency injection is not implemented",
          "L1L2SizeSplitRoute",
          "size-split two-level caching is not implemented",
          "McBucketRoute",
          "bucketized routing is not implemented");

  /** What the part after {@code |} of the type's shorthand string is. */
  public enum Shorthand {
    /** No shorthand. */
    NONE,
    /** The type name alone ({@code NullRoute}). */
    BARE,
    /** A pool name ({@code PoolRoute|A}). */
    POOL_NAME,
    /**
     * The children: {@code Pool|A} for a pool's servers, or one route ({@code AllSyncRoute|...}).
     */
    CHILDREN,
    /** The error text ({@code ErrorRoute|text}). */
    MESSAGE,
    /** One route, the target ({@code AsynclogRoute|PoolRoute|A}). */
    TARGET
  }

  private final String typeName;
  private final Shorthand shorthand;
  private final Set<String> fields;

  RouteType(String typeName, Shorthand shorthand, String... fields) {
    this.typeName = typeName;
    this.shorthand = shorthand;
    String[] all = new String[fields.length + 2];
    all[0] = TYPE;
    all[1] = NAME;
    System.arraycopy(fields, 0, all, 2, fields.length);
    this.fields = Set.of(all);
  }

  /** The name written as {@code "type"} in the config. */
  public String typeName() {
    return typeName;
  }

  public Shorthand shorthand() {
    return shorthand;
  }

  /** Every field the object form allows, {@code type} and {@code name} included. */
  public Set<String> fields() {
    return fields;
  }

  /** The shorthand string {@code "Type|rest"}. */
  public String shorthand(String rest) {
    if (shorthand == Shorthand.NONE || shorthand == Shorthand.BARE) {
      throw new IllegalStateException(typeName + " has no shorthand with arguments");
    }
    return typeName + "|" + rest;
  }

  /** The type with this config name, or null. */
  public static RouteType named(String typeName) {
    if (typeName.equals("PrefixPolicyRoute")) {
      return OPERATION_SELECTOR_ROUTE; // mcrouter's former name for it, still accepted there
    }
    for (RouteType t : values()) {
      if (t.typeName.equals(typeName)) {
        return t;
      }
    }
    return null;
  }
}
