package io.memkube.proxy.route;

import io.memkube.protocol.Command;
import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.request.McRequest;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * mcrouter's RateLimitRoute (and PoolRoute {@code rates}): token buckets per kind of operation
 * ({@code gets_rate}/{@code gets_burst}, {@code sets_*}, {@code deletes_*}, per second; a burst
 * defaults to its rate); a request over its bucket gets the default reply (a miss, NOT_STORED,
 * NOT_FOUND) without reaching {@code target}. Other operations pass.
 */
public final class RateLimitRoute implements RouteHandle {

  /** A token bucket shared by every proxy thread. */
  public static final class TokenBucket {
    private final double rate;
    private final double burst;
    private final LongSupplier nanos;
    private double tokens;
    private long last;

    public TokenBucket(double rate, double burst, LongSupplier nanos) {
      this.rate = rate;
      this.burst = burst;
      this.nanos = nanos;
      this.tokens = burst;
      this.last = nanos.getAsLong();
    }

    synchronized boolean take() {
      long now = nanos.getAsLong();
      tokens = Math.min(burst, tokens + (now - last) / 1e9 * rate);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    }
  }

  private final RouteHandle target;
  private final TokenBucket gets;
  private final TokenBucket sets;
  private final TokenBucket deletes;

  /** Each bucket may be null: that kind of operation is not limited. */
  public RateLimitRoute(
      RouteHandle target, TokenBucket gets, TokenBucket sets, TokenBucket deletes) {
    this.target = target;
    this.gets = gets;
    this.sets = sets;
    this.deletes = deletes;
  }

  @Override
  public void route(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    Command op = req.op();
    TokenBucket b =
        op.isRetrieval()
            ? gets
            : op.isUpdate()
                ? sets
                : (op == Command.DELETE || op == Command.META_DELETE) ? deletes : null;
    if (b != null && !b.take()) {
      done.accept(McReply.defaultFor(req));
      return;
    }
    target.route(req, ctx, done);
  }

  @Override
  public List<RouteHandle> targets(McRequest req) {
    return List.of(target);
  }

  @Override
  public String describe() {
    return "rate-limit";
  }
}
