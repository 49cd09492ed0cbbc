package io.memkube.proxy.route;

import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.request.McRequest;
import java.util.List;
import java.util.function.Consumer;

/** Sends to every child, waits for all, and answers the worst reply (highest severity). */
public final class AllSyncRoute extends MultiChildRoute {

  public AllSyncRoute(List<RouteHandle> children) {
    super("all-sync", children);
  }

  @Override
  protected void routeToChildren(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    sendToAll(req, ctx, done, new WorstOfAll());
  }
}
