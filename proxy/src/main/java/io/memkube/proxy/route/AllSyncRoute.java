package io.memkube.proxy.route;

import io.memkube.proxy.protocol.McReply;
import io.memkube.proxy.protocol.McRequest;
import java.util.List;
import java.util.function.Consumer;

/** Sends to every child, waits for all, and answers the worst reply (highest severity). */
public final class AllSyncRoute implements RouteHandle {
  private final List<RouteHandle> children;

  public AllSyncRoute(List<RouteHandle> children) {
    this.children = List.copyOf(children);
  }

  @Override
  public void route(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    if (children.isEmpty()) {
      done.accept(McReply.defaultFor(req));
      return;
    }
    McReply[] worst = new McReply[1];
    int[] left = {children.size()};
    for (RouteHandle child : children) {
      child.route(
          req,
          ctx,
          reply -> {
            if (worst[0] == null || reply.kind().severity() > worst[0].kind().severity()) {
              worst[0] = reply;
            }
            if (--left[0] == 0) {
              done.accept(worst[0]);
            }
          });
    }
  }

  @Override
  public List<RouteHandle> targets(McRequest req) {
    return children;
  }

  @Override
  public String describe() {
    return "all-sync|" + children.size();
  }
}
