package io.memkube.proxy.route;

import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.reply.ReplyKind;
import io.memkube.protocol.request.McRequest;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Sends to every child and answers the first reply kind seen floor(n/2)+1 times; when no kind gets
 * a majority, the worst reply once all are in.
 */
public final class AllMajorityRoute extends MultiChildRoute {

  public AllMajorityRoute(List<RouteHandle> children) {
    super("all-majority", children);
  }

  @Override
  protected void routeToChildren(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    int majority = children.size() / 2 + 1;
    Map<ReplyKind, Integer> counts = new EnumMap<>(ReplyKind.class);
    WorstOfAll worst = new WorstOfAll();
    sendToAll(
        req,
        ctx,
        done,
        (reply, left) -> {
          McReply whenAllAreIn = worst.offer(reply, left);
          return counts.merge(reply.kind(), 1, Integer::sum) >= majority ? reply : whenAllAreIn;
        });
  }
}
