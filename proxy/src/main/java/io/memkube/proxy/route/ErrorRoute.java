package io.memkube.proxy.route;

import io.memkube.proxy.protocol.McReply;
import io.memkube.proxy.protocol.McRequest;
import io.memkube.proxy.protocol.ReplyKind;
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
