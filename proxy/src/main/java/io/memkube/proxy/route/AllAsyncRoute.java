package io.memkube.proxy.route;

import io.memkube.proxy.protocol.McReply;
import io.memkube.proxy.protocol.McRequest;
import java.util.List;
import java.util.function.Consumer;

/** Sends to every child in the background and answers the default reply at once. */
public final class AllAsyncRoute implements RouteHandle {
  private final List<RouteHandle> children;

  public AllAsyncRoute(List<RouteHandle> children) {
    this.children = List.copyOf(children);
  }

  @Override
  public void route(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    for (RouteHandle child : children) {
      child.route(req, ctx, RouteContext.IGNORE);
    }
    done.accept(McReply.defaultFor(req));
  }

  @Override
  public List<RouteHandle> targets(McRequest req) {
    return children;
  }

  @Override
  public String describe() {
    return "all-async|" + children.size();
  }
}
