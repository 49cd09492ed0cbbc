package io.memkube.proxy.route;

import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.request.McRequest;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * mcrouter's DevNullRoute: the default reply at once, as NullRoute, and the requests counted (shown
 * as {@code dev_null_requests} in {@code stats}).
 */
public final class DevNullRoute implements RouteHandle {
  /** Requests every DevNullRoute of the process has swallowed. */
  public static final LongAdder REQUESTS = new LongAdder();

  public static final DevNullRoute INSTANCE = new DevNullRoute();

  private DevNullRoute() {}

  @Override
  public void route(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    REQUESTS.increment();
    done.accept(McReply.defaultFor(req));
  }

  @Override
  public String describe() {
    return "devnull";
  }
}
