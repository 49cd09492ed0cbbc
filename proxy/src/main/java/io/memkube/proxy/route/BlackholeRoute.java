package io.memkube.proxy.route;

import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.request.McRequest;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * mcrouter's BlackholeRoute: requests that match its policies go to {@code blackhole_child}
 * (NullRoute by default), the others to {@code default}. A policy compares one field of the request
 * ({@code key}, {@code exptime} or {@code flags} here) with {@code equals} or {@code not_equals};
 * policies on one field are or-ed, fields are and-ed.
 */
public final class BlackholeRoute implements RouteHandle {
  private final RouteHandle normal;
  private final RouteHandle blackhole;
  private final Predicate<McRequest> matches;

  public BlackholeRoute(RouteHandle normal, RouteHandle blackhole, Predicate<McRequest> matches) {
    this.normal = normal;
    this.blackhole = blackhole;
    this.matches = matches;
  }

  @Override
  public void route(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    (matches.test(req) ? blackhole : normal).route(req, ctx, done);
  }

  @Override
  public List<RouteHandle> targets(McRequest req) {
    return List.of(matches.test(req) ? blackhole : normal);
  }

  @Override
  public String describe() {
    return "blackhole";
  }
}
