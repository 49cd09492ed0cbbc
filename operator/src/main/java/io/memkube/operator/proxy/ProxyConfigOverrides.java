package io.memkube.operator.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memkube.api.v1alpha1.RoutingSpec;
import java.util.Optional;

/**
 * What a user gives for the configuration the resource does not model: {@code rawConfig} (used
 * instead of the generated config) or {@code configPatch} (a JSON merge patch, RFC 7386, on it).
 * Both are read the way the proxy reads configs (comments, trailing commas); whether the result is
 * a config the proxy accepts is the proxy's {@code --validate-config} to say: a config it refuses
 * is not taken, and the proxies keep the one they run.
 */
public final class ProxyConfigOverrides {
  private static final ObjectMapper LENIENT =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
          .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
          .build();

  private ProxyConfigOverrides() {}

  /** Why the routing's rawConfig or configPatch cannot be used, or empty when it can. */
  public static Optional<String> problem(RoutingSpec routing) {
    try {
      read(routing.getRawConfig(), "rawConfig");
      read(routing.getConfigPatch(), "configPatch");
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** The configuration to write: the raw one, the generated one patched, or the generated one. */
  static String apply(RoutingSpec routing, ObjectNode generated, ObjectMapper writer)
      throws JsonProcessingException {
    if (routing.getRawConfig() != null) {
      return routing.getRawConfig().endsWith("\n")
          ? routing.getRawConfig()
          : routing.getRawConfig() + "\n";
    }
    if (routing.getConfigPatch() != null) {
      return writer.writeValueAsString(
              merge(generated, read(routing.getConfigPatch(), "configPatch")))
          + "\n";
    }
    return writer.writeValueAsString(generated) + "\n";
  }

  private static JsonNode read(String text, String field) {
    if (text == null) {
      return null;
    }
    try {
      JsonNode node = LENIENT.readTree(text);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException(
            "spec.proxy.routing." + field + " must be a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "spec.proxy.routing." + field + " is not JSON: " + e.getOriginalMessage());
    }
  }

  /** RFC 7386: objects merge key by key, null removes a key, anything else replaces. */
  static JsonNode merge(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    ObjectNode out =
        target != null && target.isObject()
            ? ((ObjectNode) target).deepCopy()
            : LENIENT.createObjectNode();
    patch
        .properties()
        .forEach(
            e -> {
              if (e.getValue().isNull()) {
                out.remove(e.getKey());
              } else {
                out.set(e.getKey(), merge(out.get(e.getKey()), e.getValue()));
              }
            });
    return out;
  }
}
