package io.memkube.proxy.route;

import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.request.McRequest;
import java.util.List;
import java.util.function.Consumer;

/**
 * Tries children in order until one gives a reply that is not a failover error; a miss is an
 * answer, not an error. Down servers answer TKO at once, so they are skipped without waiting.
 */
public final class FailoverRoute extends MultiChildRoute {
  private final FailoverErrors errors;

  public FailoverRoute(List<RouteHandle> children, FailoverErrors errors) {
    super("failover", children);
    this.errors = errors;
  }

  @Override
  protected void routeToChildren(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    tryInOrder(req, ctx, done, reply -> errors.contains(reply.kind()));
  }
}
