package io.memkube.proxy.configmodel.jsonm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * mcrouter's JSON with macros (JSONM): expands {@code macros} ({@code macroDef}, {@code constDef}),
 * {@code consts}, {@code @name(...)} calls, {@code {"type": "name", ...}} calls, {@code %param%}
 * substitutions and the built-ins of mcrouter's preprocessor, and returns plain JSON. Written from
 * mcrouter's documentation (the JSONM wiki page) and the behaviour of its ConfigPreprocessor.
 */
public final class JsonmPreprocessor {
  /**
   * How deep calls may nest: a macro that calls itself ends with an error, not a stack overflow.
   */
  private static final int NESTING_LIMIT = 250;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final Map<String, Macro> macros = new HashMap<>();
  private final Map<String, BuiltinCalls.Call> calls = new HashMap<>();
  private final Map<String, JsonNode> constDefinitions = new HashMap<>();
  private final Map<String, JsonNode> consts = new HashMap<>();
  private int depth;

  private JsonmPreprocessor(Map<String, String> globals) {
    globals.forEach((k, v) -> consts.put(k, TextNode.valueOf(v)));
    BuiltinMacros.register(this);
    BuiltinCalls.register(this);
  }

  /**
   * The config without macros.
   *
   * @param globals values for {@code %name%} everywhere ({@code --config-params})
   */
  public static JsonNode expandConfig(JsonNode config, Map<String, String> globals)
      throws JsonmException {
    if (!config.isObject()) {
      throw new JsonmException("$", "the config must be a JSON object");
    }
    JsonmPreprocessor p = new JsonmPreprocessor(globals);
    ObjectNode rest = ((ObjectNode) config).deepCopy();
    JsonNode jconsts = rest.remove("consts");
    if (jconsts != null) {
      p.readConsts(jconsts);
    }
    JsonNode jmacros = rest.remove("macros");
    if (jmacros != null) {
      p.readMacroDefinitions(p.expand(jmacros, Scope.ROOT, "$.macros"), "$.macros");
    }
    return p.expand(rest, Scope.ROOT, "$");
  }

  void addMacro(String name, List<Macro.Param> params, Macro.Body body) {
    macros.put(name, new Macro(name, params, body, true));
  }

  /** A built-in that expands its arguments itself ({@code if}, {@code select}). */
  void addLazyMacro(String name, List<Macro.Param> params, Macro.Body body) {
    macros.put(name, new Macro(name, params, body, false));
  }

  void addCall(String type, BuiltinCalls.Call call) {
    calls.put(type, call);
  }

  private void readConsts(JsonNode node) throws JsonmException {
    // The older form on mcrouter's wiki: "consts": [{"type": "constDef", "name": .., "value": ..}]
    if (!node.isArray()) {
      throw new JsonmException("$.consts", "expected an array of constDef objects");
    }
    for (int i = 0; i < node.size(); i++) {
      JsonNode c = node.get(i);
      String path = "$.consts[" + i + "]";
      if (!c.isObject() || !c.path("name").isTextual()) {
        throw new JsonmException(path, "a constDef needs a 'name'");
      }
      JsonNode v = c.has("value") ? c.get("value") : c.get("result");
      if (v == null) {
        throw new JsonmException(path, "a constDef needs a 'value'");
      }
      constDefinitions.put(c.get("name").asText(), v);
    }
  }

  private void readMacroDefinitions(JsonNode defs, String path) throws JsonmException {
    if (defs.isArray()) {
      for (int i = 0; i < defs.size(); i++) {
        readMacroDefinitions(defs.get(i), path + "[" + i + "]");
      }
      return;
    }
    if (!defs.isObject()) {
      throw new JsonmException(path, "macros must be an object (or a list of them)");
    }
    var it = defs.properties().iterator();
    while (it.hasNext()) {
      var e = it.next();
      readMacroDefinition(e.getKey(), e.getValue(), path + "." + e.getKey());
    }
  }

  private void readMacroDefinition(String name, JsonNode def, String path) throws JsonmException {
    if (!def.isObject() || !def.path("type").isTextual()) {
      throw new JsonmException(path, "a macro definition is an object with a 'type'");
    }
    String type = def.get("type").asText();
    JsonNode result = def.get("result");
    if (result == null) {
      throw new JsonmException(path, type + " needs a 'result'");
    }
    switch (type) {
      case "macroDef" -> {
        List<Macro.Param> params = new ArrayList<>();
        JsonNode jparams = def.get("params");
        boolean optionalSeen = false;
        if (jparams != null) {
          if (!jparams.isArray()) {
            throw new JsonmException(path + ".params", "expected an array");
          }
          for (JsonNode p : jparams) {
            Macro.Param param;
            if (p.isTextual()) {
              param = Macro.Param.of(p.asText());
            } else if (p.isObject() && p.path("name").isTextual()) {
              String n = p.get("name").asText();
              if (p.has("default")) {
                param = new Macro.Param(n, p.get("default"), false);
              } else if (p.has("optional")) {
                param = Macro.Param.optional(n);
              } else {
                param = Macro.Param.of(n);
              }
            } else {
              throw new JsonmException(
                  path + ".params", "a parameter is a name or {\"name\": .., \"default\": ..}");
            }
            if (param.required() && optionalSeen) {
              throw new JsonmException(
                  path + ".params",
                  "parameters after one with a default must have a default or be optional");
            }
            optionalSeen |= !param.required();
            params.add(param);
          }
        }
        macros.put(
            name,
            new Macro(
                name,
                params,
                args -> expand(result, args.asScope(), args.path() + " (in macro " + name + ")"),
                true));
      }
      case "constDef" -> constDefinitions.put(name, result);
      default -> throw new JsonmException(path, "unknown macro definition type '" + type + "'");
    }
  }

  private JsonNode constant(String name, String path) throws JsonmException {
    JsonNode v = consts.get(name);
    if (v != null) {
      return v;
    }
    JsonNode def = constDefinitions.remove(name);
    if (def == null) {
      return null;
    }
    v = expand(def, Scope.ROOT, path + " (in const " + name + ")");
    consts.put(name, v);
    return v;
  }

  JsonNode expand(JsonNode json, Scope scope, String path) throws JsonmException {
    if (++depth > NESTING_LIMIT) {
      depth = 0;
      throw new JsonmException(path, "too many nested macros: check for cycles");
    }
    try {
      if (json.isTextual()) {
        return expandString(json.asText(), scope, path);
      }
      if (json.isObject()) {
        JsonNode type = json.get("type");
        if (type != null) {
          JsonNode t = expand(type, scope, path + ".type");
          if (t.isTextual()) {
            BuiltinCalls.Call call = calls.get(t.asText());
            if (call != null) {
              return call.apply(this, json, scope, path);
            }
            Macro m = macros.get(t.asText());
            if (m != null) {
              return m.call(this, json, scope, path);
            }
          }
        }
        ObjectNode out = JSON.objectNode();
        var it = json.properties().iterator();
        while (it.hasNext()) {
          var e = it.next();
          String p = path + "." + e.getKey();
          JsonNode key = expandString(e.getKey(), scope, p);
          if (!key.isTextual()) {
            throw new JsonmException(p, "an expanded key is not a string");
          }
          out.set(key.asText(), expand(e.getValue(), scope, p));
        }
        return out;
      }
      if (json.isArray()) {
        var out = JSON.arrayNode(json.size());
        for (int i = 0; i < json.size(); i++) {
          out.add(expand(json.get(i), scope, path + "[" + i + "]"));
        }
        return out;
      }
      return json;
    } finally {
      depth--;
    }
  }

  JsonNode expandString(String s, Scope scope, String path) throws JsonmException {
    if (s.isEmpty()) {
      return TextNode.valueOf("");
    }
    if (s.charAt(0) != '@') {
      return replaceParams(s, scope, path);
    }
    String name;
    List<String> arguments = List.of();
    int open = CallText.findUnescaped(s, '(');
    if (open != CallText.NOT_FOUND) {
      if (s.charAt(s.length() - 1) != ')') {
        throw new JsonmException(path, "no closing bracket in call '" + s + "'");
      }
      name = s.substring(1, open);
      try {
        arguments = CallText.arguments(s.substring(open + 1, s.length() - 1));
      } catch (JsonmException e) {
        throw new JsonmException(path, e.getMessage());
      }
    } else {
      name = s.substring(1);
    }
    JsonNode n = replaceParams(name, scope, path);
    if (!n.isTextual()) {
      throw new JsonmException(path, "a macro name is not a string: " + n);
    }
    Macro m = macros.get(n.asText());
    if (m == null) {
      throw new JsonmException(
          path,
          "unknown macro '@"
              + n.asText()
              + "' (write \\\\@ for a literal @; built-ins: see docs/proxy.md)");
    }
    return m.call(this, arguments, scope, path + " @" + m.name());
  }

  /** {@code %name%} replaced: a whole-string parameter may be any value, else it must be text. */
  JsonNode replaceParams(String s, Scope scope, String path) throws JsonmException {
    StringBuilder buf = new StringBuilder();
    int from = 0;
    while (from <= s.length()) {
      int pct = CallText.unescapeUntil(s, from, buf, '%');
      if (pct == CallText.NOT_FOUND) {
        break;
      }
      StringBuilder name = new StringBuilder();
      int end = CallText.unescapeUntil(s, pct + 1, name, '%');
      if (end == CallText.NOT_FOUND) {
        throw new JsonmException(
            path, "odd number of % in '" + s + "' (write \\\\% for a literal %)");
      }
      JsonNode v = scope.find(name.toString());
      if (v == null) {
        v = constant(name.toString(), path);
      }
      if (v == null) {
        throw new JsonmException(path, "unknown parameter %" + name + "% in '" + s + "'");
      }
      if (buf.isEmpty() && pct == 0 && end == s.length() - 1) {
        return v;
      }
      if (!v.isTextual()) {
        throw new JsonmException(
            path, "parameter %" + name + "% is not a string and is only part of '" + s + "'");
      }
      buf.append(v.asText());
      from = end + 1;
    }
    return TextNode.valueOf(buf.toString());
  }
}
