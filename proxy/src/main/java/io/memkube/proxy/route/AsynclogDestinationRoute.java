package io.memkube.proxy.route;

import io.memkube.protocol.Command;
import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.request.McRequest;
import java.util.List;
import java.util.function.Consumer;

/**
 * A server under mcrouter's asynclog (every PoolRoute by default, or an AsynclogRoute): a delete it
 * fails with a failover error (timeout, connect error, TKO, busy, server error) is handed to the
 * {@link DeleteLog} and answered {@code NOT_FOUND} once spooled, as mcrouter's DestinationRoute
 * does. Every other request goes straight through, with no allocation added.
 */
public final class AsynclogDestinationRoute implements RouteHandle {
  private final DestinationRoute server;
  private final DeleteLog log;
  private final String asynclogName;

  public AsynclogDestinationRoute(DestinationRoute server, DeleteLog log, String asynclogName) {
    this.server = server;
    this.log = log;
    this.asynclogName = asynclogName;
  }

  public DestinationRoute server() {
    return server;
  }

  @Override
  public void route(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    Command op = req.op();
    if (op != Command.DELETE && op != Command.META_DELETE) {
      server.route(req, ctx, done);
      return;
    }
    server.route(
        req,
        ctx,
        reply -> {
          if (reply.kind().isDefaultFailoverError()) {
            log.spool(server.destination(), req, reply, ctx.executor(), done);
          } else {
            done.accept(reply);
          }
        });
  }

  @Override
  public List<RouteHandle> targets(McRequest req) {
    return List.of(server);
  }

  @Override
  public String describe() {
    return "asynclog:" + asynclogName;
  }
}
