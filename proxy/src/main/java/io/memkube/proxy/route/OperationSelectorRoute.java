package io.memkube.proxy.route;

import io.memkube.proxy.protocol.McReply;
import io.memkube.proxy.protocol.McRequest;
import io.memkube.proxy.protocol.Op;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Picks a child by operation ({@code operation_policies}), else {@code default_policy}. */
public final class OperationSelectorRoute implements RouteHandle {
  private final Map<Op, RouteHandle> policies;
  private final RouteHandle defaultPolicy;

  public OperationSelectorRoute(Map<Op, RouteHandle> policies, RouteHandle defaultPolicy) {
    this.policies = policies.isEmpty() ? Map.of() : new EnumMap<>(policies);
    this.defaultPolicy = defaultPolicy;
  }

  private RouteHandle select(Op op) {
    RouteHandle r = policies.get(op);
    return r != null ? r : defaultPolicy;
  }

  @Override
  public void route(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    RouteHandle r = select(req.op());
    if (r == null) {
      done.accept(McReply.defaultFor(req));
    } else {
      r.route(req, ctx, done);
    }
  }

  @Override
  public List<RouteHandle> targets(McRequest req) {
    RouteHandle r = select(req.op());
    return r == null ? List.of() : List.of(r);
  }

  @Override
  public String describe() {
    return "operation-selector|" + policies.keySet();
  }
}
