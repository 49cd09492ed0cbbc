package io.memkube.proxy.route;

import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.reply.ReplyKind;
import io.memkube.protocol.request.McRequest;
import java.util.function.Consumer;

/** A leaf: sends to one server, or answers a TKO error at once when the server is down. */
public final class DestinationRoute implements RouteHandle {
  private final Destination destination;

  public DestinationRoute(Destination destination) {
    this.destination = destination;
  }

  public Destination destination() {
    return destination;
  }

  @Override
  public void route(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    if (destination.health().isTko()) {
      destination.countError(Destination.ErrorKind.TKO);
      done.accept(
          McReply.error(
              ReplyKind.TKO, "Server unavailable. Reason: " + destination.health().reason()));
      return;
    }
    ctx.send(destination, req, done);
  }

  @Override
  public String describe() {
    return "host|pool|" + destination.address();
  }
}
