package io.memkube.proxy.route;

import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.request.McRequest;
import java.util.List;
import java.util.function.Consumer;

/**
 * A node of the routing tree (mcrouter's route handle). Routing runs on the event loop that owns
 * the client connection; {@code done} is called exactly once, on that same loop.
 */
public interface RouteHandle {

  void route(McRequest req, RouteContext ctx, Consumer<McReply> done);

  /** The handle's type and parameters, for {@code __mcrouter__.route_handles}. */
  String describe();

  /** The handles this one may send a request with this key to, for admin introspection. */
  default List<RouteHandle> targets(McRequest req) {
    return List.of();
  }
}
