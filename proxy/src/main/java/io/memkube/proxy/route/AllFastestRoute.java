package io.memkube.proxy.route;

import io.memkube.proxy.protocol.McReply;
import io.memkube.proxy.protocol.McRequest;
import java.util.List;
import java.util.function.Consumer;

/**
 * Sends to every child and answers the first reply that is not a failover error; if all are errors,
 * the last one.
 */
public final class AllFastestRoute implements RouteHandle {
  private final List<RouteHandle> children;

  public AllFastestRoute(List<RouteHandle> children) {
    this.children = List.copyOf(children);
  }

  @Override
  public void route(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    if (children.isEmpty()) {
      done.accept(McReply.defaultFor(req));
      return;
    }
    int[] left = {children.size()};
    boolean[] answered = {false};
    for (RouteHandle child : children) {
      child.route(
          req,
          ctx,
          reply -> {
            left[0]--;
            if (answered[0]) {
              return;
            }
            if (!FailoverErrors.DEFAULT.contains(reply.kind()) || left[0] == 0) {
              answered[0] = true;
              done.accept(reply);
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
    return "all-fastest|" + children.size();
  }
}
