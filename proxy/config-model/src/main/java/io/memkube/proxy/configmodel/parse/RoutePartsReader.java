package io.memkube.proxy.configmodel.parse;

import com.fasterxml.jackson.databind.JsonNode;
import io.memkube.proxy.configmodel.spec.RouteSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The parts of route objects that are more than a field: rate limits, blackholing policies. */
final class RoutePartsReader {
  private static final Set<String> RATE_FIELDS =
      Set.of("gets_rate", "gets_burst", "sets_rate", "sets_burst", "deletes_rate", "deletes_burst");
  private static final Set<String> BLACKHOLE_FIELDS = Set.of("key", "exptime", "flags");

  private RoutePartsReader() {}

  /** {@code rates}: a token bucket per kind of operation around {@code target}. */
  static RouteSpec rateLimit(RouteSpec target, JsonNode rates, String path) throws ConfigException {
    if (!rates.isObject()) {
      throw new ConfigException(path, "expected an object of gets_rate, sets_burst...");
    }
    JsonFields.allowOnly(rates, path, RATE_FIELDS);
    return new RouteSpec.RateLimit(
        target, rate(rates, "gets", path), rate(rates, "sets", path), rate(rates, "deletes", path));
  }

  private static RouteSpec.Rate rate(JsonNode rates, String kind, String path)
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
    return new RouteSpec.Rate(rate.asDouble(), Math.max(1, b));
  }

  /**
   * BlackholeRoute's {@code policies}: field -> list of {@code {"op": "equals"|"not_equals",
   * "value": ..}}; null when not given (every request matches).
   */
  static List<RouteSpec.BlackholeField> blackholePolicies(JsonNode policies, String path)
      throws ConfigException {
    List<RouteSpec.BlackholeField> fields = new ArrayList<>();
    if (policies == null) {
      return fields;
    }
    if (!policies.isObject()) {
      throw new ConfigException(path, "expected an object of field -> list of policies");
    }
    var it = policies.properties().iterator();
    while (it.hasNext()) {
      var e = it.next();
      String field = e.getKey();
      String p = path + "." + field;
      if (!BLACKHOLE_FIELDS.contains(field)) {
        throw new ConfigException(p, "only the fields key, exptime and flags can be matched");
      }
      if (!e.getValue().isArray()) {
        throw new ConfigException(p, "expected a list of policies");
      }
      List<RouteSpec.BlackholeMatch> any = new ArrayList<>();
      for (int i = 0; i < e.getValue().size(); i++) {
        any.add(policy(field, e.getValue().get(i), p + "[" + i + "]"));
      }
      fields.add(new RouteSpec.BlackholeField(field, List.copyOf(any)));
    }
    return fields;
  }

  private static RouteSpec.BlackholeMatch policy(String field, JsonNode policy, String path)
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
      return new RouteSpec.BlackholeMatch(equals, value.asText(), 0);
    }
    if (!value.isNumber()) {
      throw new ConfigException(path + ".value", field + " is compared with a number");
    }
    return new RouteSpec.BlackholeMatch(equals, null, value.asLong());
  }
}
