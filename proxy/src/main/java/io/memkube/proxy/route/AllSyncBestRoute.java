package io.memkube.proxy.route;

import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.request.McRequest;
import java.util.List;
import java.util.function.Consumer;

/**
 * Sends to every child, waits for all, and answers the best reply (lowest severity): a delete
 * during a ring change goes to the key's new and previous owners and is {@code DELETED} when either
 * had the key. Not an mcrouter route: the proxy builds it for {@code --ring-change-warmup-seconds}.
 */
final class AllSyncBestRoute extends MultiChildRoute {

  AllSyncBestRoute(List<RouteHandle> children) {
    super("all-sync-best", children);
  }

  @Override
  protected void routeToChildren(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    McReply[] best = {null};
    sendToAll(
        req,
        ctx,
        done,
        (reply, left) -> {
          if (best[0] == null || reply.kind().severity() < best[0].kind().severity()) {
            best[0] = reply;
          }
          return left == 0 ? best[0] : null;
        });
  }
}
