package io.memkube.proxy.route;

import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.request.McRequest;
import java.util.List;
import java.util.function.Consumer;

/**
 * A route handle that hands each request to one child chosen from the request (by operation, by key
 * prefix); with no child for it, the request gets the default reply.
 */
abstract class SelectorRoute implements RouteHandle {

  /** The child for this request, or null when there is none. */
  protected abstract RouteHandle select(McRequest req);

  @Override
  public final void route(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    RouteHandle r = select(req);
    if (r == null) {
      done.accept(McReply.defaultFor(req));
    } else {
      r.route(req, ctx, done);
    }
  }

  @Override
  public final List<RouteHandle> targets(McRequest req) {
    RouteHandle r = select(req);
    return r == null ? List.of() : List.of(r);
  }
}
