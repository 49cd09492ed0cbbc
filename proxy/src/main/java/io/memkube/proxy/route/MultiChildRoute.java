package io.memkube.proxy.route;

import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.request.McRequest;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A route handle over a list of children (the {@code All*}, failover and random routes): with no
 * children every request gets the default reply; otherwise the subclass decides how the children
 * share it. The two ways of asking several children live here: one after the other ({@link
 * #tryInOrder}) and all at once ({@link #sendToAll}).
 */
abstract class MultiChildRoute implements RouteHandle {
  protected final List<RouteHandle> children;
  private final String name;

  MultiChildRoute(String name, List<RouteHandle> children) {
    this.name = name;
    this.children = List.copyOf(children);
  }

  @Override
  public final void route(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    if (children.isEmpty()) {
      done.accept(McReply.defaultFor(req));
      return;
    }
    routeToChildren(req, ctx, done);
  }

  /** Routes a request; {@link #children} is not empty. */
  protected abstract void routeToChildren(McRequest req, RouteContext ctx, Consumer<McReply> done);

  /**
   * Sends to each child in order, moving on to the next while {@code movesOn} holds for the reply;
   * the last child's reply is final.
   */
  protected final void tryInOrder(
      McRequest req, RouteContext ctx, Consumer<McReply> done, Predicate<McReply> movesOn) {
    attempt(0, req, ctx, done, movesOn);
  }

  private void attempt(
      int i, McRequest req, RouteContext ctx, Consumer<McReply> done, Predicate<McReply> movesOn) {
    children
        .get(i)
        .route(
            req,
            ctx,
            reply -> {
              if (i + 1 < children.size() && movesOn.test(reply)) {
                attempt(i + 1, req, ctx, done, movesOn);
              } else {
                done.accept(reply);
              }
            });
  }

  /**
   * Decides, one child's reply at a time, whether a request sent to every child is answered now.
   * One instance serves one request.
   */
  protected interface Verdict {
    /**
     * Returns the answer to give now, or null to wait for more replies; {@code left} replies are
     * still to come (0: this is the last one, and an answer must be given).
     */
    McReply offer(McReply reply, int left);
  }

  /**
   * Sends to every child at once and answers when {@code verdict} says so; replies after that are
   * ignored.
   */
  protected final void sendToAll(
      McRequest req, RouteContext ctx, Consumer<McReply> done, Verdict verdict) {
    int[] left = {children.size()};
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
            McReply answer = verdict.offer(reply, left[0]);
            if (answer != null) {
              answered[0] = true;
              done.accept(answer);
            }
          });
    }
  }

  @Override
  public final List<RouteHandle> targets(McRequest req) {
    return children;
  }

  @Override
  public final String describe() {
    return name + "|" + children.size();
  }
}
