package io.memkube.proxy.route;

import io.memkube.proxy.protocol.McReply;
import io.memkube.proxy.protocol.McRequest;
import java.util.List;
import java.util.function.Consumer;

/** Sends to every child; answers with the first child's reply, the rest complete in background. */
public final class AllInitialRoute implements RouteHandle {
  private final List<RouteHandle> children;

  public AllInitialRoute(List<RouteHandle> children) {
    this.children = List.copyOf(children);
  }

  @Override
  public void route(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    if (children.isEmpty()) {
      done.accept(McReply.defaultFor(req));
      return;
    }
    for (int i = 1; i < children.size(); i++) {
      children.get(i).route(req, ctx, RouteContext.IGNORE);
    }
    children.get(0).route(req, ctx, done);
  }

  @Override
  public List<RouteHandle> targets(McRequest req) {
    return children;
  }

  @Override
  public String describe() {
    return "all-initial|" + children.size();
  }
}
