package io.memkube.proxy.configmodel.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns config text into a JSON tree the way mcrouter reads it: {@code //} and {@code /* *}{@code
 * /} comments, trailing commas, and {@code %name%} parameters substituted from {@code
 * --config-params}.
 */
public final class ConfigText {
  private static final Pattern PARAM = Pattern.compile("%([A-Za-z_][A-Za-z0-9_]*)%");
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
          .enable(JsonReadFeature.ALLOW_YAML_COMMENTS)
          .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
          .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();

  private ConfigText() {}

  public static JsonNode parse(String text, Map<String, String> params) throws ConfigException {
    JsonNode node = parseAny(text, params);
    if (!node.isObject()) {
      throw new ConfigException("$", "the config must be a JSON object");
    }
    return node;
  }

  /** Any JSON value (imported files may hold a list of servers or a single route). */
  static JsonNode parseAny(String text, Map<String, String> params) throws ConfigException {
    String substituted = substitute(text, params);
    try {
      JsonNode node = MAPPER.readTree(substituted);
      if (node == null || node.isMissingNode()) {
        throw new ConfigException("$", "the config is empty");
      }
      return node;
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new ConfigException("$", "invalid JSON" + where + ": " + e.getOriginalMessage());
    }
  }

  static String substitute(String text, Map<String, String> params) {
    if (params.isEmpty() || text.indexOf('%') < 0) {
      return text;
    }
    Matcher m = PARAM.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      String value = params.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
    }
    m.appendTail(out);
    return out.toString();
  }
}
