package io.memkube.proxy.route;

import io.memkube.protocol.Command;
import io.memkube.protocol.request.McRequest;
import java.util.EnumMap;
import java.util.Map;

/** Picks a child by operation ({@code operation_policies}), else {@code default_policy}. */
public final class OperationSelectorRoute extends SelectorRoute {
  private final Map<Command, RouteHandle> policies;
  private final RouteHandle defaultPolicy;

  public OperationSelectorRoute(Map<Command, RouteHandle> policies, RouteHandle defaultPolicy) {
    this.policies = policies.isEmpty() ? Map.of() : new EnumMap<>(policies);
    this.defaultPolicy = defaultPolicy;
  }

  @Override
  protected RouteHandle select(McRequest req) {
    RouteHandle r = policies.get(req.op());
    return r != null ? r : defaultPolicy;
  }

  @Override
  public String describe() {
    return "operation-selector|" + policies.keySet();
  }
}
