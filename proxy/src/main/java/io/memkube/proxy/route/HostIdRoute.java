package io.memkube.proxy.route;

import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.request.McRequest;
import java.util.List;
import java.util.function.Consumer;

/** mcrouter's HostIdRoute: every request to the child chosen by this host's id. */
public final class HostIdRoute implements RouteHandle {
  private final RouteHandle chosen;
  private final int size;

  public HostIdRoute(List<RouteHandle> children, long hostId) {
    if (children.isEmpty()) {
      throw new IllegalArgumentException("HostIdRoute needs children");
    }
    this.chosen = children.get((int) Long.remainderUnsigned(hostId, children.size()));
    this.size = children.size();
  }

  @Override
  public void route(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    chosen.route(req, ctx, done);
  }

  @Override
  public List<RouteHandle> targets(McRequest req) {
    return List.of(chosen);
  }

  @Override
  public String describe() {
    return "hostid|" + size;
  }
}
