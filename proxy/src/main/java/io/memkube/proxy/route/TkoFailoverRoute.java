package io.memkube.proxy.route;

import io.memkube.protocol.Command;
import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.reply.ReplyKind;
import io.memkube.protocol.request.McRequest;
import java.util.List;
import java.util.function.Consumer;

/**
 * A pool whose down server's place goes at once to the next server that is up (memkube only: {@code
 * --tko-failover-exptime-seconds}), instead of failing that server's requests until it answers
 * again. This is the stand-in the operator's roll gives a restarting server's place to (by config,
 * before it stops); here the proxy does it by itself, for a server that went down without warning
 * (a crash, a force-deleted pod, a lost node).
 *
 * <p>A request whose server is down (TKO), or whose connection broke with it outstanding (connect
 * error: the server died under it), goes to the stand-in, the first of the following servers in the
 * pool's order that is up:
 *
 * <ul>
 *   <li>updates are stored there with their expiry cut to the failover exptime (as mcrouter's
 *       FailoverWithExptimeRoute): the stand-in keeps them only while the server is likely away, so
 *       that a later outage does not serve them again once the server has newer values. Under the
 *       pool's asynclog the down server also gets a spooled delete of the key, delivered before it
 *       takes traffic again: a server that comes back with its data (a network cut, not a restart)
 *       forgets the value that changed while it was away;
 *   <li>deletes go to both: the down server's is spooled as usual, the stand-in forgets its copy;
 *   <li>retrievals read the stand-in (a miss, unless written there during the outage).
 * </ul>
 *
 * A timeout is not failed over: the request may have reached the server, and a slow server is not a
 * gone one. When the server is back, its keys are read from it again; what was written to the
 * stand-in meanwhile is not moved back (a restarted server is empty anyway).
 */
public final class TkoFailoverRoute implements RouteHandle {
  private final HashRoute pool;
  private final List<RouteHandle> children;
  private final Destination[] servers;
  private final RouteHandle[] standIns;

  /**
   * @param pool the pool's hash route; its children are its servers, in order
   * @param servers the server behind each child (null for a child that is not one server: never
   *     failed over, never a stand-in)
   * @param exptime the longest expiry of an update stored on a stand-in, in seconds
   */
  public TkoFailoverRoute(HashRoute pool, List<Destination> servers, long exptime) {
    this.pool = pool;
    this.children = pool.children();
    this.servers = servers.toArray(new Destination[0]);
    this.standIns = new RouteHandle[children.size()];
    for (int i = 0; i < standIns.length; i++) {
      standIns[i] = new ModifyExptimeRoute(children.get(i), exptime, ModifyExptimeRoute.Action.MIN);
    }
  }

  @Override
  public void route(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    int i = pool.bucket(req.key());
    RouteHandle primary = children.get(i);
    Destination server = servers[i];
    if (server == null) {
      primary.route(req, ctx, done);
      return;
    }
    if (server.health().isTko()) {
      int s = standInOf(i);
      if (s >= 0) {
        toStandIn(req, i, s, ctx, done);
        return;
      }
    }
    primary.route(
        req,
        ctx,
        reply -> {
          ReplyKind kind = reply.kind();
          if (kind == ReplyKind.TKO || kind == ReplyKind.CONNECT_ERROR) {
            int s = standInOf(i);
            if (s >= 0) {
              toStandIn(req, i, s, ctx, done);
              return;
            }
          }
          done.accept(reply);
        });
  }

  /** The first server after {@code i} (in the pool's order, wrapping) that is up, or -1. */
  int standInOf(int i) {
    Destination down = servers[i];
    for (int k = 1; k < servers.length; k++) {
      int s = (i + k) % servers.length;
      Destination d = servers[s];
      if (d != null && d != down && !d.health().isTko()) {
        return s;
      }
    }
    return -1;
  }

  private void toStandIn(
      McRequest req, int down, int standIn, RouteContext ctx, Consumer<McReply> done) {
    Command op = req.op();
    RouteHandle primary = children.get(down);
    if (op == Command.DELETE || op == Command.META_DELETE) {
      // the down server's copy is spooled away (asynclog) or stays: its reply is the fallback
      primary.route(
          req,
          ctx,
          spooled ->
              children
                  .get(standIn)
                  .route(req, ctx, r -> done.accept(r.kind().isError() ? spooled : r)));
      return;
    }
    if (changesTheValue(op) && primary instanceof AsynclogDestinationRoute) {
      primary.route(forget(req), ctx, ignored -> {});
    }
    standIns[standIn].route(req, ctx, done);
  }

  private static boolean changesTheValue(Command op) {
    return op.isUpdate()
        || op == Command.INCR
        || op == Command.DECR
        || op == Command.META_ARITHMETIC
        || op == Command.TOUCH;
  }

  /** A plain delete of the request's key (what the down server must forget). */
  private static McRequest forget(McRequest req) {
    return new McRequest(Command.DELETE, req.key(), 0, 0, null, 0, 0, List.of());
  }

  @Override
  public List<RouteHandle> targets(McRequest req) {
    return pool.targets(req);
  }

  @Override
  public String describe() {
    return pool.describe() + "|tko-failover";
  }
}
