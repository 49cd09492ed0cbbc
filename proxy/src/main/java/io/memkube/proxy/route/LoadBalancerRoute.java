package io.memkube.proxy.route;

import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.request.McRequest;
import io.memkube.proxy.hash.WeightedCh3Hash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * mcrouter's LoadBalancerRoute: WeightedCh3 over the children, weighted by the complement of the
 * load each server reports; on an error it tries again up to {@code failover_count} times without
 * the child that failed, salting the key with the number of tries left. memcached's text protocol
 * reports no load, so every weight stays 1 (mcrouter's starting value): the choice is Ch3 of the
 * key, with failover.
 */
public final class LoadBalancerRoute implements RouteHandle {
  private final List<RouteHandle> children;
  private final byte[] salt;
  private final int failoverCount;
  private final WeightedCh3Hash first;

  public LoadBalancerRoute(List<RouteHandle> children, String salt, int failoverCount) {
    if (children.size() < 2) {
      throw new IllegalArgumentException("a load balancer needs two children or more");
    }
    this.children = List.copyOf(children);
    this.salt = salt.getBytes(StandardCharsets.UTF_8);
    this.failoverCount = Math.max(1, Math.min(failoverCount, children.size()));
    this.first = new WeightedCh3Hash(ones(children.size()));
  }

  private static double[] ones(int n) {
    double[] w = new double[n];
    Arrays.fill(w, 1.0);
    return w;
  }

  private static int pick(WeightedCh3Hash hash, byte[] key, byte[] salt) {
    byte[] k = HashKeys.hashed(key, salt);
    return hash.bucket(k, 0, k.length);
  }

  @Override
  public void route(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    int idx = pick(first, req.key(), salt);
    children
        .get(idx)
        .route(
            req,
            ctx,
            reply -> {
              if (failoverCount > 1 && reply.kind().isError()) {
                List<Integer> left = new ArrayList<>();
                for (int i = 0; i < children.size(); i++) {
                  left.add(i);
                }
                retry(req, ctx, done, left, idx, failoverCount - 1);
              } else {
                done.accept(reply);
              }
            });
  }

  /** Another try without the child that just failed, as mcrouter: swap it out with the last. */
  private void retry(
      McRequest req,
      RouteContext ctx,
      Consumer<McReply> done,
      List<Integer> left,
      int failedPosition,
      int retriesLeft) {
    int last = left.size() - 1;
    left.set(failedPosition, left.get(last));
    left.remove(last);
    byte[] retrySalt =
        (new String(salt, StandardCharsets.UTF_8) + retriesLeft).getBytes(StandardCharsets.UTF_8);
    int pos = pick(new WeightedCh3Hash(ones(left.size())), req.key(), retrySalt);
    children
        .get(left.get(pos))
        .route(
            req,
            ctx,
            reply -> {
              if (retriesLeft > 1 && reply.kind().isError() && left.size() > 1) {
                retry(req, ctx, done, left, pos, retriesLeft - 1);
              } else {
                done.accept(reply);
              }
            });
  }

  @Override
  public List<RouteHandle> targets(McRequest req) {
    return List.of(children.get(pick(first, req.key(), salt)));
  }

  @Override
  public String describe() {
    return "loadbalancer|" + children.size() + "|failover_count=" + failoverCount;
  }
}
