package io.memkube.proxy.config;

import io.memkube.protocol.request.McRequest;
import io.memkube.proxy.configmodel.spec.RouteSpec;
import io.memkube.proxy.route.RateLimitRoute;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/** The parts of routes that are more than a field: token buckets, blackholing policies. */
final class RouteParts {
  private RouteParts() {}

  /** A token bucket, or null for a kind of operation the route does not limit. */
  static RateLimitRoute.TokenBucket bucket(RouteSpec.Rate rate) {
    return rate == null
        ? null
        : new RateLimitRoute.TokenBucket(rate.perSecond(), rate.burst(), System::nanoTime);
  }

  /**
   * BlackholeRoute's policies: those of one field are or-ed, fields and-ed, and a field the request
   * does not have (exptime of a get) does not count, as in mcrouter.
   */
  static Predicate<McRequest> blackholePolicies(List<RouteSpec.BlackholeField> policies) {
    List<Predicate<McRequest>> fields = new ArrayList<>();
    for (RouteSpec.BlackholeField f : policies) {
      List<Predicate<McRequest>> any = new ArrayList<>();
      for (RouteSpec.BlackholeMatch m : f.anyOf()) {
        any.add(policy(f.field(), m));
      }
      fields.add(
          r -> {
            if (!hasField(r, f.field())) {
              return true;
            }
            for (Predicate<McRequest> q : any) {
              if (q.test(r)) {
                return true;
              }
            }
            return false;
          });
    }
    return r -> {
      for (Predicate<McRequest> f : fields) {
        if (!f.test(r)) {
          return false;
        }
      }
      return true;
    };
  }

  private static boolean hasField(McRequest r, String field) {
    return switch (field) {
      case "exptime" ->
          r.op().isUpdate() || r.op().word().equals("touch") || r.op().word().startsWith("gat");
      case "flags" -> r.op().isUpdate();
      default -> true;
    };
  }

  private static Predicate<McRequest> policy(String field, RouteSpec.BlackholeMatch m) {
    boolean equals = m.equals();
    if (field.equals("key")) {
      byte[] want = m.key().getBytes(StandardCharsets.UTF_8);
      return r -> Arrays.equals(r.key(), want) == equals;
    }
    long want = m.number();
    return r -> ((field.equals("flags") ? r.flags() : r.exptime()) == want) == equals;
  }
}
