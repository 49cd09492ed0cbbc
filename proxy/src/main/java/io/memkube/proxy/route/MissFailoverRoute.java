package io.memkube.proxy.route;

import io.memkube.protocol.Command;
import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.request.McRequest;
import java.util.List;
import java.util.function.Consumer;

/**
 * Retrievals and deletes move on to the next child until a hit (or a successful delete); the last
 * child's reply is final. Other operations go to the first child only.
 */
public final class MissFailoverRoute extends MultiChildRoute {

  public MissFailoverRoute(List<RouteHandle> children) {
    super("miss-failover", children);
  }

  @Override
  protected void routeToChildren(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    boolean movesOn = req.op().isRetrieval() || req.op().kind() == Command.Kind.DELETE;
    if (!movesOn) {
      children.get(0).route(req, ctx, done);
      return;
    }
    tryInOrder(req, ctx, done, reply -> !reply.kind().isSuccess());
  }
}
