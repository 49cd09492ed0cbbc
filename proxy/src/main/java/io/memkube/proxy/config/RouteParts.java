package io.memkube.proxy.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.memkube.protocol.request.McRequest;
import io.memkube.proxy.route.RateLimitRoute;
import io.memkube.proxy.route.RouteHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** The parts of route objects that are more than a field: rate limits, blackholing policies. */
final class RouteParts {
  private static final Set<String> RATE_FIELDS =
      Set.of("gets_rate", "gets_burst", "sets_rate", "sets_burst", "deletes_rate", "deletes_burst");

  private RouteParts() {}

  /** {@code rates}: a token bucket per kind of operation around {@code target}. */
  static RouteHandle rateLimit(RouteHandle target, JsonNode rates, String path)
      throws ConfigException {
    if (!rates.isObject()) {
      throw new ConfigException(path, "expected an object of gets_rate, sets_burst...");
    }
    JsonFields.allowOnly(rates, path, RATE_FIELDS);
    return new RateLimitRoute(
        target,
        bucket(rates, "gets", path),
        bucket(rates, "sets", path),
        bucket(rates, "deletes", path));
  }

  private static RateLimitRoute.TokenBucket bucket(JsonNode rates, String kind, String path)
      throws ConfigException {
    JsonNode rate = rates.get(kind + "_rate");
    if (rate == null) {
      return null;
    }
    JsonNode burst = rates.get(kind + "_burst");
    if (!rate.isNumber() || rate.asDouble() <= 0 || (burst != null && !burst.isNumber())) {
      throw new ConfigException(path + "." + kind + "_rate", "expected a positive number");
    }
    // mcrouter's default burst is the rate: one second's worth of requests
    double b = burst == null ? rate.asDouble() : burst.asDouble();
    return new RateLimitRoute.TokenBucket(rate.asDouble(), Math.max(1, b), System::nanoTime);
  }

  /**
   * BlackholeRoute's {@code policies}: field -> list of {@code {"op": "equals"|"not_equals",
   * "value": ..}}; the policies of one field are or-ed, fields and-ed, and a field the request does
   * not have (exptime of a get) does not count, as in mcrouter.
   */
  static Predicate<McRequest> blackholePolicies(JsonNode policies, String path)
      throws ConfigException {
    if (policies == null) {
      return r -> true;
    }
    if (!policies.isObject()) {
      throw new ConfigException(path, "expected an object of field -> list of policies");
    }
    List<Predicate<McRequest>> fields = new ArrayList<>();
    var it = policies.properties().iterator();
    while (it.hasNext()) {
      var e = it.next();
      String field = e.getKey();
      String p = path + "." + field;
      if (!Set.of("key", "exptime", "flags").contains(field)) {
        throw new ConfigException(p, "only the fields key, exptime and flags can be matched");
      }
      if (!e.getValue().isArray()) {
        throw new ConfigException(p, "expected a list of policies");
      }
      List<Predicate<McRequest>> any = new ArrayList<>();
      for (int i = 0; i < e.getValue().size(); i++) {
        any.add(policy(field, e.getValue().get(i), p + "[" + i + "]"));
      }
      fields.add(
          r -> {
            if (!hasField(r, field)) {
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

  private static Predicate<McRequest> policy(String field, JsonNode policy, String path)
      throws ConfigException {
    String op = policy.path("op").asText("");
    JsonNode value = policy.get("value");
    if (!op.equals("equals") && !op.equals("not_equals") || value == null) {
      throw new ConfigException(
          path, "a policy is {\"op\": \"equals\"|\"not_equals\", \"value\": ..}");
    }
    boolean equals = op.equals("equals");
    if (field.equals("key")) {
      if (!value.isTextual()) {
        throw new ConfigException(path + ".value", "a key is compared with a string");
      }
      byte[] want = value.asText().getBytes(StandardCharsets.UTF_8);
      return r -> java.util.Arrays.equals(r.key(), want) == equals;
    }
    if (!value.isNumber()) {
      throw new ConfigException(path + ".value", field + " is compared with a number");
    }
    long want = value.asLong();
    return r -> ((field.equals("flags") ? r.flags() : r.exptime()) == want) == equals;
  }
}
