package io.memkube.proxy.route;

import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.request.McRequest;
import java.util.List;
import java.util.function.Consumer;

/** Sends to every child; answers with the first child's reply, the rest complete in background. */
public final class AllInitialRoute extends MultiChildRoute {

  public AllInitialRoute(List<RouteHandle> children) {
    super("all-initial", children);
  }

  @Override
  protected void routeToChildren(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    for (int i = 1; i < children.size(); i++) {
      children.get(i).route(req, ctx, RouteContext.IGNORE);
    }
    children.get(0).route(req, ctx, done);
  }
}
