package io.memkube.proxy.route;

import io.memkube.proxy.protocol.McReply;
import io.memkube.proxy.protocol.McRequest;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Sends to every child and answers the first reply kind seen floor(n/2)+1 times; when no kind gets
 * a majority, the worst reply once all are in.
 */
public final class AllMajorityRoute implements RouteHandle {
  private final List<RouteHandle> children;

  public AllMajorityRoute(List<RouteHandle> children) {
    this.children = List.copyOf(children);
  }

  @Override
  public void route(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    int n = children.size();
    if (n == 0) {
      done.accept(McReply.defaultFor(req));
      return;
    }
    int majority = n / 2 + 1;
    Map<io.memkube.proxy.protocol.ReplyKind, Integer> counts =
        new EnumMap<>(io.memkube.proxy.protocol.ReplyKind.class);
    McReply[] worst = new McReply[1];
    int[] left = {n};
    boolean[] answered = {false};
    for (RouteHandle child : children) {
      child.route(
          req,
          ctx,
          reply -> {
            left[0]--;
            if (answered[0]) {
              return;
            }
            if (worst[0] == null || reply.kind().severity() > worst[0].kind().severity()) {
              worst[0] = reply;
            }
            if (counts.merge(reply.kind(), 1, Integer::sum) >= majority) {
              answered[0] = true;
              done.accept(reply);
            } else if (left[0] == 0) {
              answered[0] = true;
              done.accept(worst[0]);
            }
          });
    }
  }

  @Override
  public List<RouteHandle> targets(McRequest req) {
    return children;
  }

  @Override
  public String describe() {
    return "all-majority|" + children.size();
  }
}
