package io.memkube.proxy.route;

import io.memkube.protocol.Command;
import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.reply.ReplyKind;
import io.memkube.protocol.request.McRequest;
import java.util.List;
import java.util.function.Consumer;

/**
 * Fills a new ("cold") server from an old ("warm") one: a get that misses on cold is answered from
 * warm, and a hit there is written to cold in the background with {@code exptime}; everything else
 * goes to cold.
 */
public final class WarmUpRoute implements RouteHandle {
  private final RouteHandle cold;
  private final RouteHandle warm;
  private final long exptime;

  public WarmUpRoute(RouteHandle cold, RouteHandle warm, long exptime) {
    this.cold = cold;
    this.warm = warm;
    this.exptime = exptime;
  }

  @Override
  public void route(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    boolean classicGet = req.op() == Command.GET || req.op() == Command.GETS;
    if (!classicGet) {
      cold.route(req, ctx, done);
      return;
    }
    cold.route(
        req,
        ctx,
        coldReply -> {
          if (coldReply.kind() == ReplyKind.HIT) {
            done.accept(coldReply);
            return;
          }
          warm.route(
              req.withOp(Command.GET),
              ctx,
              warmReply -> {
                if (warmReply.kind() != ReplyKind.HIT) {
                  done.accept(coldReply.kind().isError() ? warmReply : coldReply);
                  return;
                }
                if (req.op() == Command.GETS) {
                  // A CAS token from warm would not fit cold: answer cold's miss for gets.
                  done.accept(coldReply);
                } else {
                  done.accept(warmReply);
                }
                McRequest fill =
                    new McRequest(
                        Command.ADD,
                        req.key(),
                        warmReply.flags(),
                        exptime,
                        warmReply.value(),
                        0,
                        0,
                        List.of());
                cold.route(fill, ctx, RouteContext.IGNORE);
              });
        });
  }

  @Override
  public List<RouteHandle> targets(McRequest req) {
    return List.of(cold, warm);
  }

  @Override
  public String describe() {
    return "warm-up|exptime=" + exptime;
  }
}
