package io.memkube.proxy.route;

import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.request.McRequest;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * mcrouter's LoggingRoute: forwards to {@code target} (NullRoute when absent) and logs each request
 * with its reply, at INFO on logger {@code io.memkube.proxy.route.LoggingRoute} (mcrouter logs with
 * glog). Meant for debugging: every request costs a log line.
 */
public final class LoggingRoute implements RouteHandle {
  private static final Logger LOG = Logger.getLogger(LoggingRoute.class.getName());

  private final RouteHandle target;

  public LoggingRoute(RouteHandle target) {
    this.target = target;
  }

  @Override
  public void route(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    target.route(
        req,
        ctx,
        reply -> {
          if (LOG.isLoggable(Level.INFO)) {
            LOG.info(
                "request "
                    + req.op().word()
                    + " key: "
                    + req.keyString()
                    + " response: "
                    + reply
                    + " responseLength: "
                    + (reply.value() == null ? 0 : reply.value().length));
          }
          done.accept(reply);
        });
  }

  @Override
  public List<RouteHandle> targets(McRequest req) {
    return List.of(target);
  }

  @Override
  public String describe() {
    return "logging";
  }
}
