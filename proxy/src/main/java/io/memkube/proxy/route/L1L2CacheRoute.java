package io.memkube.proxy.route;

import io.memkube.protocol.Command;
import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.reply.ReplyKind;
import io.memkube.protocol.request.McRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * mcrouter's L1L2CacheRoute, two-level caching: a {@code get} reads L1; on a miss it reads L2 and,
 * on a hit there, adds the value to L1 in the background with {@code upgradingL1Exptime}. With
 * {@code ncacheUpdatePeriod}, an L2 miss leaves a negative-cache marker in L1 (value {@code
 * ncache}, flag 0x10000, {@code ncacheExptime}) that reads as a miss, and every {@code
 * ncacheUpdatePeriod}-th such read refreshes L1 from L2. Everything else goes to L1 only: the
 * client keeps L2 up to date.
 */
public final class L1L2CacheRoute implements RouteHandle {
  /** mcrouter's MC_MSG_FLAG_NEGATIVE_CACHE. */
  static final long NEGATIVE_CACHE_FLAG = 0x10000;

  private static final byte[] NCACHE = "ncache".getBytes(StandardCharsets.US_ASCII);

  private final RouteHandle l1;
  private final RouteHandle l2;
  private final long upgradingL1Exptime;
  private final long ncacheExptime;
  private final long ncacheUpdatePeriod;
  private final AtomicLong ncacheCountdown;

  public L1L2CacheRoute(
      RouteHandle l1,
      RouteHandle l2,
      long upgradingL1Exptime,
      long ncacheExptime,
      long ncacheUpdatePeriod) {
    this.l1 = l1;
    this.l2 = l2;
    this.upgradingL1Exptime = upgradingL1Exptime;
    this.ncacheExptime = ncacheExptime;
    this.ncacheUpdatePeriod = ncacheUpdatePeriod;
    this.ncacheCountdown = new AtomicLong(ncacheUpdatePeriod);
  }

  @Override
  public void route(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    if (req.op() != Command.GET) {
      l1.route(req, ctx, done);
      return;
    }
    l1.route(
        req,
        ctx,
        first -> {
          if (first.kind() == ReplyKind.HIT) {
            if ((first.flags() & NEGATIVE_CACHE_FLAG) != 0) {
              if (ncacheUpdatePeriod > 0 && ncacheCountdown.decrementAndGet() <= 0) {
                ncacheCountdown.set(ncacheUpdatePeriod);
                refreshL1(req, ctx);
              }
              done.accept(McReply.defaultFor(req));
            } else {
              done.accept(first);
            }
            return;
          }
          l2.route(
              req,
              ctx,
              second -> {
                if (second.kind() == ReplyKind.HIT) {
                  l1.route(fill(req, Command.ADD, second), ctx, RouteContext.IGNORE);
                } else if (second.kind() == ReplyKind.MISS && ncacheUpdatePeriod > 0) {
                  l1.route(negative(req, Command.ADD), ctx, RouteContext.IGNORE);
                }
                done.accept(second);
              });
        });
  }

  private void refreshL1(McRequest req, RouteContext ctx) {
    l2.route(
        req,
        ctx,
        r ->
            l1.route(
                r.kind() == ReplyKind.HIT ? fill(req, Command.SET, r) : negative(req, Command.SET),
                ctx,
                RouteContext.IGNORE));
  }

  private McRequest fill(McRequest get, Command op, McReply hit) {
    return new McRequest(
        op, get.key(), hit.flags(), upgradingL1Exptime, hit.value(), 0, 0, List.of());
  }

  private McRequest negative(McRequest get, Command op) {
    return new McRequest(
        op, get.key(), NEGATIVE_CACHE_FLAG, ncacheExptime, NCACHE, 0, 0, List.of());
  }

  @Override
  public List<RouteHandle> targets(McRequest req) {
    return List.of(l1, l2);
  }

  @Override
  public String describe() {
    return "l1l2-cache";
  }
}
