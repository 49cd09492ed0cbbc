package io.memkube.proxy.configmodel.spec;

import java.nio.file.Path;
import java.util.Map;

/**
 * A config read and checked, before any route is built.
 *
 * @param pools every pool, the declared ones and those written inline in routes, by name
 * @param routes the route of each routing prefix
 * @param defaultRoute the route of {@code --route-prefix}
 * @param imports every file imported, with the text it had
 * @param preprocessed the JSON after imports and macros ({@code __mcrouter__.preprocessed_config})
 */
public record ConfigSpec(
    Map<String, PoolSpec> pools,
    Map<String, RouteSpec> routes,
    RouteSpec defaultRoute,
    Map<Path, String> imports,
    String preprocessed) {

  /** How many servers the pools list, over all pools. */
  public int servers() {
    int n = 0;
    for (PoolSpec p : pools.values()) {
      n += p.servers().size();
    }
    return n;
  }
}
