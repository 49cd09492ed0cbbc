package io.memkube.proxy.config;

import io.memkube.protocol.Command;
import io.memkube.proxy.auth.ServerCredentials;
import io.memkube.proxy.configmodel.spec.RouteSpec;
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
import io.memkube.proxy.route.OriginalClientHashRoute;
import io.memkube.proxy.route.PrefixSelectorRoute;
import io.memkube.proxy.route.RandomRoute;
import io.memkube.proxy.route.RateLimitRoute;
import io.memkube.proxy.route.RouteHandle;
import io.memkube.proxy.route.ShadowRoute;
import io.memkube.proxy.route.TkoFailoverRoute;
import io.memkube.proxy.route.WarmUpRoute;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds route handles from a checked route tree ({@link RouteSpec}, read by the config model that
 * the operator checks configs with too): every check is done by then, so this only builds. A node
 * reached twice (a named handle used in two places) is built once.
 */
final class RouteBuilder {
  private final DestinationRegistry registry;
  private final Map<String, ServerCredentials> logins;
  private final long hostId;
  private final DeleteLog deleteLog;

  /** {@code --tko-failover-exptime-seconds}: 0, or a hash over servers fails a down one over. */
  private final long tkoFailoverExptime;

  private final Map<RouteSpec, RouteHandle> built = new IdentityHashMap<>();

  /**
   * @param logins the login of each pool's servers, by pool (none: no login)
   * @param deleteLog where deletes that fail under an asynclog go, or null when the delete stream
   *     is off ({@code --asynclog-disable}): they are answered with their error
   */
  RouteBuilder(
      DestinationRegistry registry,
      Map<String, ServerCredentials> logins,
      long hostId,
      DeleteLog deleteLog,
      long tkoFailoverExptime) {
    this.registry = registry;
    this.logins = logins;
    this.hostId = hostId;
    this.deleteLog = deleteLog;
    this.tkoFailoverExptime = tkoFailoverExptime;
  }

  RouteHandle build(RouteSpec spec) {
    RouteHandle h = built.get(spec);
    if (h == null) {
      h = create(spec);
      built.put(spec, h);
    }
    return h;
  }

  private RouteHandle create(RouteSpec spec) {
    return switch (spec) {
      case RouteSpec.Server s -> server(s);
      case RouteSpec.Hash h -> hash(h);
      case RouteSpec.Fanout f -> fanout(f);
      case RouteSpec.Failover f -> new FailoverRoute(all(f.children()), errors(f.failoverErrors()));
      case RouteSpec.Latest l ->
          LatestRoute.create(
              all(l.children()), l.failoverCount(), hostId, errors(l.failoverErrors()));
      case RouteSpec.LoadBalancer l ->
          new LoadBalancerRoute(all(l.children()), l.salt(), l.failoverCount());
      case RouteSpec.Shadowed s -> {
        List<ShadowRoute.Shadow> shadows = new ArrayList<>();
        for (RouteSpec.Shadow sh : s.shadows()) {
          shadows.add(
              ShadowRoute.Shadow.of(
                  build(sh.target()),
                  sh.fromFraction(),
                  sh.toFraction(),
                  sh.requestsFraction(),
                  sh.keys()));
        }
        yield new ShadowRoute(build(s.normal()), shadows);
      }
      case RouteSpec.ModifyExptime m ->
          new ModifyExptimeRoute(
              build(m.target()),
              m.exptime(),
              m.min() ? ModifyExptimeRoute.Action.MIN : ModifyExptimeRoute.Action.SET);
      case RouteSpec.OperationSelector o -> {
        Map<Command, RouteHandle> policies = new HashMap<>();
        o.byOperation()
            .forEach((name, r) -> opsNamed(name).forEach(op -> policies.put(op, build(r))));
        yield new OperationSelectorRoute(
            policies, o.fallback() == null ? null : build(o.fallback()));
      }
      case RouteSpec.PrefixSelector p -> {
        Map<String, RouteHandle> policies = new HashMap<>();
        p.byPrefix().forEach((prefix, r) -> policies.put(prefix, build(r)));
        yield new PrefixSelectorRoute(policies, p.wildcard() == null ? null : build(p.wildcard()));
      }
      case RouteSpec.WarmUp w -> new WarmUpRoute(build(w.cold()), build(w.warm()), w.exptime());
      case RouteSpec.Null n -> n.devNull() ? DevNullRoute.INSTANCE : NullRoute.INSTANCE;
      case RouteSpec.Error e -> new ErrorRoute(e.message());
      case RouteSpec.Logging l -> new LoggingRoute(build(l.target()));
      case RouteSpec.RateLimit r ->
          new RateLimitRoute(
              build(r.target()),
              RouteParts.bucket(r.gets()),
              RouteParts.bucket(r.sets()),
              RouteParts.bucket(r.deletes()));
      case RouteSpec.KeySplit k ->
          new KeySplitRoute(
              build(k.destination()), k.replicas(), k.allSync(), k.firstHit(), hostId);
      case RouteSpec.L1L2Cache c ->
          new L1L2CacheRoute(
              build(c.l1()),
              build(c.l2()),
              c.upgradingL1Exptime(),
              c.ncacheExptime(),
              c.ncacheUpdatePeriod());
      case RouteSpec.Blackhole b ->
          new BlackholeRoute(
              build(b.normal()), build(b.blackhole()), RouteParts.blackholePolicies(b.policies()));
      case RouteSpec.OriginalClientHash o ->
          new OriginalClientHashRoute(all(o.children()), o.offset());
      case RouteSpec.Migrate m ->
          new MigrateRoute(
              build(m.from()),
              build(m.to()),
              m.startTime(),
              m.interval(),
              () -> System.currentTimeMillis() / 1000);
    };
  }

  /**
   * A leaf for one server; under an asynclog name (and unless {@code --asynclog-disable}), a leaf
   * that spools the deletes its server fails.
   */
  private RouteHandle server(RouteSpec.Server s) {
    DestinationRoute leaf =
        new DestinationRoute(
            registry.get(
                s.server().address(),
                s.server().timeoutMillis(),
                logins.get(s.server().pool()),
                s.server().pool()));
    return s.asynclogName() != null && deleteLog != null
        ? new AsynclogDestinationRoute(leaf, deleteLog, s.asynclogName())
        : leaf;
  }

  private RouteHandle hash(RouteSpec.Hash h) {
    List<RouteHandle> children = all(h.children());
    List<String> names = new ArrayList<>(children.size());
    for (int i = 0; i < children.size(); i++) {
      Destination d = serverOf(children.get(i));
      names.add(
          d != null ? KetamaRing.nameOf(d.address().host(), d.address().port()) : "child" + i);
    }
    HashRoute hashed =
        new HashRoute(
            "hash",
            children,
            HashFunctions.build(h.hash(), children.size(), h.poolWeights(), names),
            h.hash().salt());
    List<Destination> servers = children.stream().map(RouteBuilder::serverOf).toList();
    if (tkoFailoverExptime <= 0 || children.size() < 2 || servers.contains(null)) {
      return hashed;
    }
    // a pool (a hash over servers): a down server's place goes to the next one at once
    return new TkoFailoverRoute(hashed, servers, tkoFailoverExptime);
  }

  private RouteHandle fanout(RouteSpec.Fanout f) {
    List<RouteHandle> children = all(f.children());
    return switch (f.type()) {
      case ALL_SYNC_ROUTE -> new AllSyncRoute(children);
      case ALL_ASYNC_ROUTE -> new AllAsyncRoute(children);
      case ALL_INITIAL_ROUTE -> new AllInitialRoute(children);
      case ALL_MAJORITY_ROUTE -> new AllMajorityRoute(children);
      case ALL_FASTEST_ROUTE -> new AllFastestRoute(children);
      case MISS_FAILOVER_ROUTE -> new MissFailoverRoute(children);
      case RANDOM_ROUTE -> new RandomRoute(children);
      case HOST_ID_ROUTE -> new HostIdRoute(children, hostId);
      default -> throw new IllegalStateException(f.type() + " is not a fan-out route");
    };
  }

  private List<RouteHandle> all(List<RouteSpec> specs) {
    List<RouteHandle> out = new ArrayList<>(specs.size());
    for (RouteSpec s : specs) {
      out.add(build(s));
    }
    return out;
  }

  private static FailoverErrors errors(List<String> names) {
    return names == null ? FailoverErrors.DEFAULT : FailoverErrors.of(names);
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
}
