package io.memkube.proxy.route;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * mcrouter's LatestRoute: each proxy host fails over among {@code failover_count} children picked
 * by its host id rather than by key, so that load spreads over hosts while one host keeps sending
 * to the same servers.
 */
public final class LatestRoute {
  private LatestRoute() {}

  public static RouteHandle create(
      List<RouteHandle> children, int failoverCount, long hostId, FailoverErrors errors) {
    List<RouteHandle> order = new ArrayList<>(children);
    Collections.shuffle(order, new Random(hostId));
    int n = Math.max(1, Math.min(failoverCount, order.size()));
    return new FailoverRoute(order.subList(0, Math.min(n, order.size())), errors);
  }
}
