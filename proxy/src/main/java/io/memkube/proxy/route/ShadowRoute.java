package io.memkube.proxy.route;

import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.request.McRequest;
import io.memkube.proxy.hash.SpookyHashV2;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * mcrouter's ShadowRoute: every request goes to {@code normal} and is answered from it; a request
 * whose key falls in a shadow's key fraction is also sent to that shadow's target in the
 * background, its reply ignored. The fraction is mcrouter's: SpookyHashV2 Hash32 (seed 0) of the
 * routing key (no routing prefix, cut at {@code |#|}) within {@code [start, end] * (2^32 - 1)},
 * both ends included.
 */
public final class ShadowRoute implements RouteHandle {

  /**
   * One shadow: a target, the key hashes it receives as unsigned 32-bit bounds, the share of those
   * requests sent ({@code requests_fraction}), or instead an explicit set of routing keys ({@code
   * keys_to_shadow}, null when not given).
   */
  public record Shadow(
      RouteHandle target, long fromHash, long toHash, double requestsFraction, Set<String> keys) {
    /**
     * A shadow for keys whose hash is in {@code [start, end]} as fractions of the hash range
     * (mcrouter's default, with neither given, is {@code [0, 0]}: only hash 0).
     */
    public static Shadow of(
        RouteHandle target, double start, double end, double requestsFraction, Set<String> keys) {
      if (!(0 <= start && start <= end && end <= 1)) {
        throw new IllegalArgumentException(
            "key_fraction_range must be [start, end] with 0 <= start <= end <= 1");
      }
      return new Shadow(
          target, (long) (start * 0xFFFFFFFFL), (long) (end * 0xFFFFFFFFL), requestsFraction, keys);
    }

    boolean takes(long hash, byte[] key) {
      boolean byKey =
          keys != null
              ? keys.contains(new String(HashKeys.hashed(key, NO_SALT), StandardCharsets.UTF_8))
              : fromHash <= hash && hash <= toHash;
      // mcrouter treats a fraction within 1e-5 of 1 as "always"
      return byKey
          && (requestsFraction >= 1.0 - 1e-5
              || ThreadLocalRandom.current().nextDouble() < requestsFraction);
    }
  }

  private static final byte[] NO_SALT = new byte[0];

  private final RouteHandle normal;
  private final Shadow[] shadows;

  public ShadowRoute(RouteHandle normal, List<Shadow> shadows) {
    this.normal = normal;
    this.shadows = shadows.toArray(new Shadow[0]);
  }

  /** mcrouter's routing key hash: SpookyHashV2 Hash32, seed 0, of the key up to {@code |#|}. */
  public static long routingKeyHash(byte[] key) {
    byte[] k = HashKeys.hashed(key, NO_SALT);
    return SpookyHashV2.hash32(k, 0, k.length, 0) & 0xFFFFFFFFL;
  }

  public RouteHandle normal() {
    return normal;
  }

  @Override
  public void route(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    long hash = routingKeyHash(req.key());
    for (Shadow s : shadows) {
      if (s.takes(hash, req.key())) {
        s.target().route(req, ctx, RouteContext.IGNORE);
      }
    }
    normal.route(req, ctx, done);
  }

  @Override
  public List<RouteHandle> targets(McRequest req) {
    List<RouteHandle> out = new ArrayList<>();
    out.add(normal);
    long hash = routingKeyHash(req.key());
    for (Shadow s : shadows) {
      if (s.takes(hash, req.key())) {
        out.add(s.target());
      }
    }
    return out;
  }

  @Override
  public String describe() {
    return "shadow|" + shadows.length;
  }
}
