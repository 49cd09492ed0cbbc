package io.memkube.proxy.configmodel;

/** Field names of route objects in mcrouter's JSON config. */
public final class RouteField {
  private RouteField() {}

  public static final String TYPE = "type";
  public static final String NAME = "name";
  public static final String CHILDREN = "children";
  public static final String POOL = "pool";
  public static final String HASH = "hash";
  public static final String HASH_FUNC = "hash_func";
  public static final String SALT = "salt";
  public static final String FAILOVER_ERRORS = "failover_errors";
  public static final String NORMAL = "normal";
  public static final String FAILOVER = "failover";
  public static final String FAILOVER_EXPTIME = "failover_exptime";
  public static final String FAILOVER_COUNT = "failover_count";
  public static final String OPERATION_POLICIES = "operation_policies";
  public static final String DEFAULT_POLICY = "default_policy";
  public static final String POLICIES = "policies";
  public static final String WILDCARD = "wildcard";
  public static final String COLD = "cold";
  public static final String WARM = "warm";
  public static final String EXPTIME = "exptime";
  public static final String TARGET = "target";
  public static final String ACTION = "action";
  public static final String RESPONSE = "response";
  public static final String ASYNCLOG = "asynclog";
  public static final String ASYNCLOG_NAME = "asynclog_name";
  public static final String SHADOWS = "shadows";
  public static final String DESTINATION = "destination";
  public static final String REPLICAS = "replicas";
  public static final String ALL_SYNC = "all_sync";
  public static final String FIRST_HIT = "first_hit";
  public static final String L1 = "l1";
  public static final String L2 = "l2";
  public static final String UPGRADING_L1_EXPTIME = "upgradingL1Exptime";
  public static final String NCACHE_EXPTIME = "ncacheExptime";
  public static final String NCACHE_UPDATE_PERIOD = "ncacheUpdatePeriod";
  public static final String LOAD_TTL_MS = "load_ttl_ms";
  public static final String DEFAULT_SERVER_LOAD_PERCENT = "default_server_load_percent";
  public static final String DEFAULT = "default";
  public static final String BLACKHOLE_CHILD = "blackhole_child";
  public static final String RATES = "rates";
  public static final String FROM = "from";
  public static final String TO = "to";
  public static final String START_TIME = "start_time";
  public static final String INTERVAL = "interval";
  public static final String OFFSET = "offset";
  // a shadow (an element of "shadows")
  public static final String INDEX_RANGE = "index_range";
  public static final String KEY_FRACTION_RANGE = "key_fraction_range";
  public static final String REQUESTS_FRACTION = "requests_fraction";
  public static final String KEYS_TO_SHADOW = "keys_to_shadow";
}
