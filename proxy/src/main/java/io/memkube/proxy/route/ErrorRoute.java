package io.memkube.proxy.route;

import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.reply.ReplyKind;
import io.memkube.protocol.request.McRequest;
import java.util.function.Consumer;

/** Answers {@code SERVER_ERROR <message>} to everything. */
public final class ErrorRoute implements RouteHandle {
  private final String message;

  public ErrorRoute(String message) {
    this.message = message == null || message.isEmpty() ? "Error reply from ErrorRoute" : message;
  }

  @Override
  public void route(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    done.accept(McReply.error(ReplyKind.LOCAL_ERROR, message));
  }

  @Override
  public String describe() {
    return "error|" + message;
  }
}
