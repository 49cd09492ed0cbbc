package io.memkube.proxy.route;

import io.memkube.protocol.Command;
import java.util.Map;

/**
 * The top of a loaded config: the route for each routing prefix ({@code /region/cluster/}) and the
 * default one for keys without a prefix.
 */
public final class Router {
  /** The route a key takes and the key as sent to servers (routing prefix removed). */
  public record Resolved(RouteHandle route, byte[] key) {}

  private final Map<String, RouteHandle> byPrefix;
  private final RouteHandle defaultRoute;
  private final boolean sendInvalidRouteToDefault;

  public Router(
      Map<String, RouteHandle> byPrefix,
      RouteHandle defaultRoute,
      boolean sendInvalidRouteToDefault) {
    this.byPrefix = Map.copyOf(byPrefix);
    this.defaultRoute = defaultRoute;
    this.sendInvalidRouteToDefault = sendInvalidRouteToDefault;
  }

  public RouteHandle defaultRoute() {
    return defaultRoute;
  }

  /**
   * This router during a ring change from {@code previous}: each route that {@code previous} also
   * has (same routing prefix, or the default) reads a get that misses here from the previous route
   * and fills this one with the expiry it has left ({@link RingWarmUpRoute}); deletes go to both
   * (so a key deleted now does not come back from the previous owner) and answer {@code DELETED}
   * when either had the key; every other command goes here only.
   */
  public Router warmingUpFrom(Router previous) {
    Map<String, RouteHandle> wrapped = new java.util.HashMap<>();
    byPrefix.forEach(
        (prefix, route) -> {
          RouteHandle old = previous.byPrefix.get(prefix);
          wrapped.put(prefix, old == null ? route : warmUp(route, old));
        });
    return new Router(
        wrapped, warmUp(defaultRoute, previous.defaultRoute), sendInvalidRouteToDefault);
  }

  private static RouteHandle warmUp(RouteHandle cold, RouteHandle warm) {
    if (cold == warm) {
      return cold;
    }
    RouteHandle reads = new RingWarmUpRoute(cold, warm);
    // both owners forget the key; DELETED when either had it
    RouteHandle deletes = new AllSyncBestRoute(java.util.List.of(cold, warm));
    return new OperationSelectorRoute(
        Map.of(
            Command.GET, reads,
            Command.GETS, reads,
            Command.DELETE, deletes,
            Command.META_DELETE, deletes),
        cold);
  }

  /** Where a key goes, or null when its routing prefix names no route. */
  public Resolved resolve(byte[] key) {
    int prefixEnd = routingPrefixEnd(key);
    if (prefixEnd < 0) {
      return new Resolved(defaultRoute, key);
    }
    byte[] stripped = java.util.Arrays.copyOfRange(key, prefixEnd, key.length);
    String prefix = new String(key, 0, prefixEnd, java.nio.charset.StandardCharsets.UTF_8);
    RouteHandle r = byPrefix.get(prefix);
    if (r != null) {
      return new Resolved(r, stripped);
    }
    if (prefix.indexOf('*') >= 0) {
      RouteHandle all = wildcard(prefix);
      if (all != null) {
        return new Resolved(all, stripped);
      }
    }
    return sendInvalidRouteToDefault ? new Resolved(defaultRoute, stripped) : null;
  }

  /**
   * A prefix with {@code *} (e.g. {@code /*}{@code /*}{@code /}) reaches every route it matches:
   * retrievals are answered by the first (in prefix order), other commands go to all of them and
   * get the worst reply, as mcrouter's AllSync fan-out does.
   */
  private RouteHandle wildcard(String pattern) {
    java.util.regex.Pattern glob =
        java.util.regex.Pattern.compile(
            java.util.regex.Pattern.quote(pattern).replace("*", "\\E[^/]*\\Q"));
    java.util.List<String> matching = new java.util.ArrayList<>();
    for (String p : byPrefix.keySet()) {
      if (glob.matcher(p).matches()) {
        matching.add(p);
      }
    }
    if (matching.isEmpty()) {
      return null;
    }
    matching.sort(null);
    java.util.List<RouteHandle> routes = new java.util.ArrayList<>();
    for (String p : matching) {
      RouteHandle h = byPrefix.get(p);
      if (!routes.contains(h)) {
        routes.add(h);
      }
    }
    RouteHandle first = routes.get(0);
    RouteHandle everyone = new AllSyncRoute(routes);
    return new OperationSelectorRoute(
        java.util.Map.of(
            Command.GET, first,
            Command.GETS, first,
            Command.META_GET, first),
        everyone);
  }

  /** The end of a {@code /a/b/} prefix at the start of the key, or -1 when it has none. */
  static int routingPrefixEnd(byte[] key) {
    if (key.length < 5 || key[0] != '/') {
      return -1;
    }
    int slashes = 1;
    for (int i = 1; i < key.length; i++) {
      if (key[i] == '/') {
        if (key[i - 1] == '/') {
          return -1;
        }
        if (++slashes == 3) {
          return i + 1;
        }
      }
    }
    return -1;
  }
}
