package io.memkube.proxy.route;

import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.request.McRequest;
import java.util.function.Consumer;

/** Sends nowhere; answers NOT_STORED to updates and a miss / NOT_FOUND to the rest. */
public final class NullRoute implements RouteHandle {
  public static final NullRoute INSTANCE = new NullRoute();

  @Override
  public void route(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    done.accept(McReply.defaultFor(req));
  }

  @Override
  public String describe() {
    return "null";
  }
}
