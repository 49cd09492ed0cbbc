package io.memkube.proxy.route;

import io.memkube.protocol.Command;
import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.request.McRequest;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * mcrouter's MigrateRoute: before {@code start_time} everything goes to {@code from}; during the
 * first {@code interval} seconds deletes go to both (the worse reply answers) and the rest to
 * {@code from}; during the second, deletes to both and the rest to {@code to}; after that
 * everything to {@code to}.
 */
public final class MigrateRoute implements RouteHandle {
  private final RouteHandle from;
  private final RouteHandle to;
  private final long startTime;
  private final long interval;
  private final LongSupplier nowSeconds;

  public MigrateRoute(
      RouteHandle from, RouteHandle to, long startTime, long interval, LongSupplier nowSeconds) {
    this.from = from;
    this.to = to;
    this.startTime = startTime;
    this.interval = interval;
    this.nowSeconds = nowSeconds;
  }

  @Override
  public void route(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    long now = nowSeconds.getAsLong();
    boolean delete = req.op() == Command.DELETE || req.op() == Command.META_DELETE;
    if (now < startTime) {
      from.route(req, ctx, done);
    } else if (now < startTime + 2 * interval && delete) {
      McReply[] firstReply = {null};
      Consumer<McReply> both =
          r -> {
            if (firstReply[0] == null) {
              firstReply[0] = r;
            } else {
              done.accept(
                  r.kind().severity() > firstReply[0].kind().severity() ? r : firstReply[0]);
            }
          };
      from.route(req, ctx, both);
      to.route(req, ctx, both);
    } else if (now < startTime + interval) {
      from.route(req, ctx, done);
    } else {
      to.route(req, ctx, done);
    }
  }

  @Override
  public List<RouteHandle> targets(McRequest req) {
    return List.of(from, to);
  }

  @Override
  public String describe() {
    return "migrate|start=" + startTime + "|interval=" + interval;
  }
}
