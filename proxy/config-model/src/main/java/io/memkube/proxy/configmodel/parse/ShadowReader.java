package io.memkube.proxy.configmodel.parse;

import com.fasterxml.jackson.databind.JsonNode;
import io.memkube.proxy.configmodel.RouteField;
import io.memkube.proxy.configmodel.spec.RouteSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code shadows}: each element has {@code target}, {@code index_range} (servers of the pool,
 * end excluded), {@code key_fraction_range}, {@code requests_fraction}, {@code keys_to_shadow}. The
 * defaults are mcrouter's: both ranges {@code [0, 0]}, so a shadow that gives neither receives
 * (almost) nothing.
 */
final class ShadowReader {
  private static final Set<String> FIELDS =
      Set.of(
          RouteField.TARGET,
          RouteField.INDEX_RANGE,
          RouteField.KEY_FRACTION_RANGE,
          RouteField.REQUESTS_FRACTION,
          RouteField.KEYS_TO_SHADOW);

  /**
   * A shadow with the pool servers it applies to: {@code [fromIndex, toIndex)}.
   *
   * @param indexRangeGiven whether {@code index_range} was written (a ShadowRoute refuses it)
   */
  record PoolShadow(int fromIndex, int toIndex, boolean indexRangeGiven, RouteSpec.Shadow shadow) {}

  /** Builds a shadow's target. */
  interface Targets {
    RouteSpec route(JsonNode node, String path) throws ConfigException;
  }

  private ShadowReader() {}

  static List<PoolShadow> readAll(JsonNode node, String routePath, Targets routes)
      throws ConfigException {
    String path = routePath + "." + RouteField.SHADOWS;
    List<PoolShadow> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isArray()) {
      throw new ConfigException(path, "expected an array of shadows");
    }
    for (int i = 0; i < node.size(); i++) {
      out.add(read(node.get(i), path + "[" + i + "]", routes));
    }
    return out;
  }

  private static PoolShadow read(JsonNode s, String path, Targets routes) throws ConfigException {
    if (!s.isObject()) {
      throw new ConfigException(path, "a shadow is an object with a 'target'");
    }
    JsonFields.allowOnly(s, path, FIELDS);
    JsonNode target = JsonFields.required(s, RouteField.TARGET, path);
    double[] fraction = pair(s, RouteField.KEY_FRACTION_RANGE, path, false);
    double[] index = pair(s, RouteField.INDEX_RANGE, path, true);
    if (index[0] > index[1]) {
      throw new ConfigException(path + "." + RouteField.INDEX_RANGE, "index_range start > end");
    }
    double requests = 1.0;
    if (s.has(RouteField.REQUESTS_FRACTION)) {
      JsonNode r = s.get(RouteField.REQUESTS_FRACTION);
      if (!r.isNumber() || r.asDouble() < 0 || r.asDouble() > 1) {
        throw new ConfigException(
            path + "." + RouteField.REQUESTS_FRACTION, "expected a number in [0, 1]");
      }
      requests = r.asDouble();
    }
    Set<String> keys = null;
    if (s.has(RouteField.KEYS_TO_SHADOW)) {
      keys = new HashSet<>(JsonFields.strings(s, RouteField.KEYS_TO_SHADOW, path));
      if (!keys.isEmpty()
          && (s.has(RouteField.INDEX_RANGE) || s.has(RouteField.KEY_FRACTION_RANGE))) {
        throw new ConfigException(
            path,
            "keys_to_shadow cannot be mixed with index_range or key_fraction_range (as mcrouter)");
      }
      if (keys.isEmpty()) {
        keys = null;
      }
    }
    RouteSpec targetRoute = routes.route(target, path + "." + RouteField.TARGET);
    if (!(0 <= fraction[0] && fraction[0] <= fraction[1] && fraction[1] <= 1)) {
      throw new ConfigException(
          path + "." + RouteField.KEY_FRACTION_RANGE,
          "key_fraction_range must be [start, end] with 0 <= start <= end <= 1");
    }
    RouteSpec.Shadow shadow =
        new RouteSpec.Shadow(
            targetRoute,
            fraction[0],
            fraction[1],
            requests,
            keys == null ? null : Set.copyOf(keys));
    boolean indexGiven = s.has(RouteField.INDEX_RANGE);
    // keys_to_shadow alone applies to every server of the pool
    int to = keys != null && !indexGiven ? Integer.MAX_VALUE : (int) index[1];
    return new PoolShadow((int) index[0], to, indexGiven, shadow);
  }

  private static double[] pair(JsonNode s, String field, String path, boolean integers)
      throws ConfigException {
    JsonNode v = s.get(field);
    if (v == null) {
      return new double[] {0, 0};
    }
    if (!v.isArray() || v.size() != 2 || !v.get(0).isNumber() || !v.get(1).isNumber()) {
      throw new ConfigException(path + "." + field, "expected an array of two numbers");
    }
    if (integers
        && (!v.get(0).canConvertToInt() || !v.get(1).canConvertToInt() || v.get(0).asInt() < 0)) {
      throw new ConfigException(path + "." + field, "expected two non-negative integers");
    }
    return new double[] {v.get(0).asDouble(), v.get(1).asDouble()};
  }
}
