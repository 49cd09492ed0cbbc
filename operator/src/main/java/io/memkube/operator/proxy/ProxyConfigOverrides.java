package io.memkube.operator.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memkube.api.v1alpha1.RoutingSpec;
import io.memkube.proxy.configmodel.parse.ConfigValidator;
import io.memkube.proxy.configmodel.parse.LoaderOptions;
import java.util.Optional;

/**
 * What a user gives for the configuration the resource does not model: {@code rawConfig} (used
 * instead of the generated config) or {@code configPatch} (a JSON merge patch, RFC 7386, on it).
 * Both are read the way the proxy reads configs (comments, trailing commas). Whether the result is
 * a config the proxy accepts is decided by the proxy's own reader (proxy/config-model, what {@code
 * memkube-proxy --validate-config} runs), before the operator writes it: a config it refuses is not
 * written, and the proxies keep the one they run.
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

  /**
   * The options the proxies read their config with: the DaemonSet gives them no {@code
   * --config-params}, {@code --route-prefix} or {@code --server-timeout} (ProxyDaemonSetDependent),
   * so the proxy's defaults; a flag added there belongs here too.
   */
  static final LoaderOptions PROXY_OPTIONS = LoaderOptions.defaults();

  /** Whether the routing replaces or patches the generated config. */
  public static boolean present(RoutingSpec routing) {
    return routing.getRawConfig() != null || routing.getConfigPatch() != null;
  }

  /**
   * Why memkube's proxy would refuse {@code config}, the config rendered for {@code routing}, or
   * empty when it would run it. Only a rawConfig or configPatch is checked: the generated config is
   * pinned by the tests (ProxyValidatesGeneratedConfigTest). The config must stand on its own: an
   * {@code @import} is refused, as the ConfigMap holds one file.
   */
  public static Optional<String> refusal(RoutingSpec routing, String config) {
    if (!present(routing)) {
      return Optional.empty();
    }
    ConfigValidator.Result r = ConfigValidator.validateSelfContained(config, PROXY_OPTIONS);
    if (r.valid()) {
      return Optional.empty();
    }
    return Optional.of(
        "the proxy refuses the config spec.proxy.routing."
            + (routing.getRawConfig() != null ? "rawConfig" : "configPatch")
            + " makes, so the proxies keep the one they run: "
            + r.error());
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
