package io.memkube.proxy.configmodel;

/** Field names of mcrouter's JSON config outside route objects (top level and pools). */
public final class ConfigFields {
  private ConfigFields() {}

  public static final String POOLS = "pools";
  public static final String ROUTE = "route";
  public static final String ROUTES = "routes";
  public static final String NAMED_HANDLES = "named_handles";

  // a pool
  public static final String SERVERS = "servers";
  public static final String WEIGHTS = "weights";
  public static final String SERVER_TIMEOUT = "server_timeout";
  public static final String INHERIT = "inherit";

  /** The shorthand for the servers of a pool as a list of children: {@code Pool|NAME}. */
  public static final String POOL_SHORTHAND = "Pool";

  /** {@code Pool|NAME}: every server of pool NAME, as children of a route. */
  public static String poolServers(String pool) {
    return POOL_SHORTHAND + "|" + pool;
  }
}
