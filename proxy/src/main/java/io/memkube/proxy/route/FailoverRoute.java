package io.memkube.proxy.route;

import io.memkube.proxy.protocol.McReply;
import io.memkube.proxy.protocol.McRequest;
import java.util.List;
import java.util.function.Consumer;

/**
 * Tries children in order until one gives a reply that is not a failover error; a miss is an
 * answer, not an error. Down servers answer TKO at once, so they are skipped without waiting.
 */
public final class FailoverRoute implements RouteHandle {
  private final List<RouteHandle> children;
  private final FailoverErrors errors;

  public FailoverRoute(List<RouteHandle> children, FailoverErrors errors) {
    this.children = List.copyOf(children);
    this.errors = errors;
  }

  @Override
  public void route(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    attempt(0, req, ctx, done);
  }

  private void attempt(int i, McRequest req, RouteContext ctx, Consumer<McReply> done) {
    if (children.isEmpty()) {
      done.accept(McReply.defaultFor(req));
      return;
    }
    children
        .get(i)
        .route(
            req,
            ctx,
            reply -> {
              if (i + 1 < children.size() && errors.contains(reply.kind())) {
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
    return "failover|" + children.size();
  }
}
