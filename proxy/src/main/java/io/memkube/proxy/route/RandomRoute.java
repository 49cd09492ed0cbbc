package io.memkube.proxy.route;

import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.request.McRequest;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/** Sends each request to a child chosen uniformly at random. */
public final class RandomRoute extends MultiChildRoute {

  public RandomRoute(List<RouteHandle> children) {
    super("random", children);
  }

  @Override
  protected void routeToChildren(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    children.get(ThreadLocalRandom.current().nextInt(children.size())).route(req, ctx, done);
  }
}
