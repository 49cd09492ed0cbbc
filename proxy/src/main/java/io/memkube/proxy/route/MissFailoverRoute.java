package io.memkube.proxy.route;

import io.memkube.proxy.protocol.McReply;
import io.memkube.proxy.protocol.McRequest;
import java.util.List;
import java.util.function.Consumer;

/**
 * Retrievals and deletes move on to the next child until a hit (or a successful delete); the last
 * child's reply is final. Other operations go to the first child only.
 */
public final class MissFailoverRoute implements RouteHandle {
  private final List<RouteHandle> children;

  public MissFailoverRoute(List<RouteHandle> children) {
    this.children = List.copyOf(children);
  }

  @Override
  public void route(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    if (children.isEmpty()) {
      done.accept(McReply.defaultFor(req));
      return;
    }
    boolean movesOn =
        req.op().isRetrieval() || req.op().kind() == io.memkube.proxy.protocol.Op.Kind.DELETE;
    if (!movesOn) {
      children.get(0).route(req, ctx, done);
      return;
    }
    attempt(0, req, ctx, done);
  }

  private void attempt(int i, McRequest req, RouteContext ctx, Consumer<McReply> done) {
    children
        .get(i)
        .route(
            req,
            ctx,
            reply -> {
              if (i + 1 < children.size() && !reply.kind().isSuccess()) {
                attempt(i + 1, req, ctx, done);
              } else {
                done.accept(reply);
              }
            });
  }

  @Override
  public List<RouteHandle> targets(McRequest req) {
    return children;
  }

  @Override
  public String describe() {
    return "miss-failover|" + children.size();
  }
}
