package io.memkube.proxy.route;

import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.request.McRequest;
import java.util.List;
import java.util.function.Consumer;

/** Sends to every child in the background and answers the default reply at once. */
public final class AllAsyncRoute extends MultiChildRoute {

  public AllAsyncRoute(List<RouteHandle> children) {
    super("all-async", children);
  }

  @Override
  protected void routeToChildren(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    for (RouteHandle child : children) {
      child.route(req, ctx, RouteContext.IGNORE);
    }
    done.accept(McReply.defaultFor(req));
  }
}
