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

  /** Whether the pool's servers are spoken to over TLS (mcrouter's key). */
  public static final String USE_SSL = "use_ssl";

  /**
   * memkube only: a file in memcached's {@code -Y} format whose first {@code user:password} entry
   * the proxy logs in to the pool's servers with ({@code --pool-credentials-file} is the default).
   */
  public static final String CREDENTIALS_FILE = "credentials_file";

  /** The shorthand for the servers of a pool as a list of children: {@code Pool|NAME}. */
  public static final String POOL_SHORTHAND = "Pool";

  /** {@code Pool|NAME}: every server of pool NAME, as children of a route. */
  public static String poolServers(String pool) {
    return POOL_SHORTHAND + "|" + pool;
  }
}
