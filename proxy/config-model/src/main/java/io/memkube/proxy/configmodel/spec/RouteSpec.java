package io.memkube.proxy.configmodel.spec;

import io.memkube.proxy.configmodel.RouteType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A route of a config that has been read and checked: the tree the proxy builds its route handles
 * from, one record per kind of route. A node may be reached twice (a named handle used in two
 * places is one node), and a builder keeps it one route.
 */
public sealed interface RouteSpec {

  /**
   * One server.
   *
   * @param asynclogName when not null, deletes the server fails are spooled under this asynclog
   *     name (the delete stream), to be replayed
   */
  record Server(ServerSpec server, String asynclogName) implements RouteSpec {}

  /**
   * Consistent hashing over the children: a PoolRoute (over its servers) or a HashRoute.
   *
   * @param poolWeights the pool's weights, or null
   */
  record Hash(List<RouteSpec> children, double[] poolWeights, HashSpec hash) implements RouteSpec {}

  /**
   * A route that sends to its children by its type's rule: AllSyncRoute, AllAsyncRoute,
   * AllInitialRoute, AllMajorityRoute, AllFastestRoute, MissFailoverRoute, RandomRoute,
   * HostIdRoute.
   */
  record Fanout(RouteType type, List<RouteSpec> children) implements RouteSpec {}

  /**
   * Tries the children in order.
   *
   * @param failoverErrors the {@code failover_errors} names, or null for mcrouter's default
   */
  record Failover(List<RouteSpec> children, List<String> failoverErrors) implements RouteSpec {
    /** The names {@code failover_errors} may list (mcrouter's). */
    public static final Set<String> ERROR_NAMES =
        Set.of(
            "busy",
            "shutdown",
            "tko",
            "try_again",
            "local_error",
            "connect_error",
            "connect_timeout",
            "timeout",
            "remote_error");
  }

  /** LatestRoute: a failover over {@code failoverCount} children picked by the host id. */
  record Latest(List<RouteSpec> children, int failoverCount, List<String> failoverErrors)
      implements RouteSpec {}

  /** LoadBalancerRoute over two children or more. */
  record LoadBalancer(List<RouteSpec> children, String salt, int failoverCount)
      implements RouteSpec {}

  /** Every request to {@code normal}; some also, in the background, to the shadows. */
  record Shadowed(RouteSpec normal, List<Shadow> shadows) implements RouteSpec {}

  /**
   * One shadow: the keys whose hash is in {@code [fromFraction, toFraction]} of the hash range, or
   * instead the routing keys {@code keys} (null when not given), a share {@code requestsFraction}
   * of them.
   */
  record Shadow(
      RouteSpec target,
      double fromFraction,
      double toFraction,
      double requestsFraction,
      Set<String> keys) {}

  /** Sets the exptime of updates, or lowers it to {@code exptime} ({@code min}). */
  record ModifyExptime(RouteSpec target, long exptime, boolean min) implements RouteSpec {}

  /**
   * By operation (mcrouter's names, e.g. {@code get}, {@code delete}), else {@code fallback} (null:
   * an error reply).
   */
  record OperationSelector(Map<String, RouteSpec> byOperation, RouteSpec fallback)
      implements RouteSpec {}

  /** By the longest key prefix, else {@code wildcard} (may be null). */
  record PrefixSelector(Map<String, RouteSpec> byPrefix, RouteSpec wildcard) implements RouteSpec {}

  record WarmUp(RouteSpec cold, RouteSpec warm, long exptime) implements RouteSpec {}

  /** NullRoute (or DevNullRoute, which also counts what it drops). */
  record Null(boolean devNull) implements RouteSpec {}

  record Error(String message) implements RouteSpec {}

  record Logging(RouteSpec target) implements RouteSpec {}

  /** Token buckets per kind of operation; a null one does not limit. */
  record RateLimit(RouteSpec target, Rate gets, Rate sets, Rate deletes) implements RouteSpec {}

  record Rate(double perSecond, double burst) {}

  record KeySplit(RouteSpec destination, int replicas, boolean allSync, boolean firstHit)
      implements RouteSpec {}

  record L1L2Cache(
      RouteSpec l1,
      RouteSpec l2,
      long upgradingL1Exptime,
      long ncacheExptime,
      long ncacheUpdatePeriod)
      implements RouteSpec {}

  /**
   * Requests that match every field's policies go to {@code blackhole}, the others to {@code
   * normal}.
   */
  record Blackhole(RouteSpec normal, RouteSpec blackhole, List<BlackholeField> policies)
      implements RouteSpec {}

  /**
   * The policies of one request field ({@code key}, {@code exptime} or {@code flags}): any of them
   * matches.
   */
  record BlackholeField(String field, List<BlackholeMatch> anyOf) {}

  /** {@code equals} or not {@code key} (for the field key) or {@code number} (exptime, flags). */
  record BlackholeMatch(boolean equals, String key, long number) {}

  /**
   * OriginalClientHashRoute over two children or more: the child at (SpookyHashV2 Hash64 of the
   * client's IP address as text + {@code offset}) modulo their number.
   */
  record OriginalClientHash(List<RouteSpec> children, int offset) implements RouteSpec {}

  record Migrate(RouteSpec from, RouteSpec to, long startTime, long interval)
      implements RouteSpec {}
}
