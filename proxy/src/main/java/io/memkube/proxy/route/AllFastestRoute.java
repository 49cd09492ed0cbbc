package io.memkube.proxy.route;

import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.request.McRequest;
import java.util.List;
import java.util.function.Consumer;

/**
 * Sends to every child and answers the first reply that is not a failover error; if all are errors,
 * the last one.
 */
public final class AllFastestRoute extends MultiChildRoute {

  public AllFastestRoute(List<RouteHandle> children) {
    super("all-fastest", children);
  }

  @Override
  protected void routeToChildren(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    sendToAll(
        req,
        ctx,
        done,
        (reply, left) ->
            !FailoverErrors.DEFAULT.contains(reply.kind()) || left == 0 ? reply : null);
  }
}
