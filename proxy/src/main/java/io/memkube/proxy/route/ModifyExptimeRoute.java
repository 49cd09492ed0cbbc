package io.memkube.proxy.route;

import io.memkube.protocol.Command;
import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.request.McRequest;
import java.util.List;
import java.util.function.Consumer;

/**
 * Rewrites the expiry of storage, touch and gat requests: {@code set} replaces it, {@code min}
 * lowers it to at most {@code exptime} (0, "never", counts as longest).
 */
public final class ModifyExptimeRoute implements RouteHandle {
  /** How the new expiry combines with the client's. */
  public enum Action {
    SET,
    MIN
  }

  private final RouteHandle target;
  private final long exptime;
  private final Action action;

  public ModifyExptimeRoute(RouteHandle target, long exptime, Action action) {
    this.target = target;
    this.exptime = exptime;
    this.action = action;
  }

  @Override
  public void route(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    target.route(modify(req), ctx, done);
  }

  McRequest modify(McRequest req) {
    Command op = req.op();
    boolean hasExptime =
        op.isUpdate()
            || op == Command.TOUCH
            || op == Command.GAT
            || op == Command.GATS
            || op == Command.META_SET;
    if (!hasExptime) {
      return req;
    }
    long current = req.effectiveExptime();
    long next =
        switch (action) {
          case SET -> exptime;
          case MIN -> current == 0 ? exptime : Math.min(current, exptime);
        };
    return next == current ? req : req.withExptime(next);
  }

  @Override
  public List<RouteHandle> targets(McRequest req) {
    return List.of(target);
  }

  @Override
  public String describe() {
    return "modify-exptime|" + action.name().toLowerCase(java.util.Locale.ROOT) + "|" + exptime;
  }
}
