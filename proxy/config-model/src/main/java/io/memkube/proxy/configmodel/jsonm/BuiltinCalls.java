package io.memkube.proxy.configmodel.jsonm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The built-in calls of mcrouter's preprocessor, written only as objects: {@code transform}, {@code
 * process}, {@code foreach}, {@code define}; and {@code macroDef}/{@code constDef}, left as they
 * are wherever they appear. Their templates are expanded once per item, in a scope that adds the
 * item's key and value.
 */
final class BuiltinCalls {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private BuiltinCalls() {}

  @FunctionalInterface
  interface Call {
    JsonNode apply(JsonmPreprocessor p, JsonNode call, Scope scope, String path)
        throws JsonmException;
  }

  static void register(JsonmPreprocessor p) {
    p.addCall("macroDef", (pp, json, scope, path) -> json);
    p.addCall("constDef", (pp, json, scope, path) -> json);
    p.addCall("transform", BuiltinCalls::transform);
    p.addCall("process", BuiltinCalls::process);
    p.addCall("foreach", BuiltinCalls::foreach);
    p.addCall("define", BuiltinCalls::define);
  }

  private static JsonNode required(JsonNode call, String field, String what, String path)
      throws JsonmException {
    JsonNode v = call.get(field);
    if (v == null) {
      throw new JsonmException(path, what + ": '" + field + "' not found");
    }
    return v;
  }

  private static String name(JsonNode call, String field, String dflt, String path)
      throws JsonmException {
    JsonNode v = call.get(field);
    if (v == null) {
      return dflt;
    }
    if (!v.isTextual()) {
      throw new JsonmException(path + "." + field, "expected a string");
    }
    return v.asText();
  }

  private static JsonNode transform(JsonmPreprocessor p, JsonNode call, Scope scope, String path)
      throws JsonmException {
    JsonNode dict =
        p.expand(required(call, "dictionary", "transform", path), scope, path + ".dictionary");
    if (!dict.isContainerNode()) {
      throw new JsonmException(path, "transform: dictionary is not a list or object");
    }
    if (dict.isEmpty()) {
      return dict;
    }
    JsonNode itemTransform = call.get("itemTransform");
    String itemName = name(call, "itemName", "item", path);
    String keyName = name(call, "keyName", "key", path);
    if (dict.isObject()) {
      JsonNode keyTransform = call.get("keyTransform");
      ObjectNode out = JSON.objectNode();
      var it = dict.properties().iterator();
      while (it.hasNext()) {
        var e = it.next();
        Scope s =
            Scope.extending(scope)
                .put(keyName, TextNode.valueOf(e.getKey()))
                .put(itemName, e.getValue());
        JsonNode key =
            keyTransform == null
                ? TextNode.valueOf(e.getKey())
                : p.expand(keyTransform, s, path + ".keyTransform");
        if (!key.isTextual() && !key.isArray()) {
          throw new JsonmException(path, "transform: a transformed key is not a string or list");
        }
        JsonNode item =
            itemTransform == null
                ? e.getValue()
                : p.expand(itemTransform, s, path + ".itemTransform");
        if (key.isTextual()) {
          out.set(key.asText(), item);
        } else {
          for (JsonNode k : key) {
            if (!k.isTextual()) {
              throw new JsonmException(path, "transform: a transformed key is not a string");
            }
            out.set(k.asText(), item);
          }
        }
      }
      return out;
    }
    if (itemTransform == null) {
      throw new JsonmException(path, "transform: itemTransform is required for a list");
    }
    ArrayNode out = JSON.arrayNode();
    for (int i = 0; i < dict.size(); i++) {
      Scope s = Scope.extending(scope).put(keyName, IntNode.valueOf(i)).put(itemName, dict.get(i));
      out.add(p.expand(itemTransform, s, path + ".itemTransform"));
    }
    return out;
  }

  private static JsonNode process(JsonmPreprocessor p, JsonNode call, Scope scope, String path)
      throws JsonmException {
    JsonNode dict =
        p.expand(required(call, "dictionary", "process", path), scope, path + ".dictionary");
    JsonNode value =
        p.expand(required(call, "initialValue", "process", path), scope, path + ".initialValue");
    JsonNode transform = required(call, "transform", "process", path);
    if (!dict.isContainerNode()) {
      throw new JsonmException(path, "process: dictionary is not a list or object");
    }
    String itemName = name(call, "itemName", "item", path);
    String keyName = name(call, "keyName", "key", path);
    String valueName = name(call, "valueName", "value", path);
    if (dict.isObject()) {
      var it = dict.properties().iterator();
      while (it.hasNext()) {
        var e = it.next();
        Scope s =
            Scope.extending(scope)
                .put(keyName, TextNode.valueOf(e.getKey()))
                .put(itemName, e.getValue())
                .put(valueName, value);
        value = p.expand(transform, s, path + ".transform");
      }
    } else {
      for (int i = 0; i < dict.size(); i++) {
        Scope s =
            Scope.extending(scope)
                .put(keyName, IntNode.valueOf(i))
                .put(itemName, dict.get(i))
                .put(valueName, value);
        value = p.expand(transform, s, path + ".transform");
      }
    }
    return value;
  }

  private static JsonNode foreach(JsonmPreprocessor p, JsonNode call, Scope scope, String path)
      throws JsonmException {
    JsonNode from = p.expand(required(call, "from", "foreach", path), scope, path + ".from");
    if (!from.isContainerNode()) {
      throw new JsonmException(path, "foreach: from is not a list or object");
    }
    String itemName = name(call, "item", "item", path);
    String keyName = name(call, "key", "key", path);
    long top = from.size();
    if (call.has("top")) {
      JsonNode t = p.expand(call.get("top"), scope, path + ".top");
      if (!t.isIntegralNumber() || t.asLong() < 0) {
        throw new JsonmException(path, "foreach: top must be a non-negative integer");
      }
      top = t.asLong();
    }
    JsonNode use = call.get("use");
    JsonNode where = call.get("where");
    JsonNode result = null;
    int n = from.size();
    var names = from.isObject() ? from.fieldNames() : null;
    for (int i = 0; i < n && top > 0; i++) {
      JsonNode key;
      JsonNode item;
      if (names != null) {
        String k = names.next();
        key = TextNode.valueOf(k);
        item = from.get(k);
      } else {
        key = IntNode.valueOf(i);
        item = from.get(i);
      }
      Scope s = Scope.extending(scope).put(keyName, key).put(itemName, item);
      if (where != null) {
        JsonNode w = p.expand(where, s, path + ".where");
        if (!w.isBoolean()) {
          throw new JsonmException(path, "foreach: 'where' did not expand to a boolean");
        }
        if (!w.asBoolean()) {
          continue;
        }
      }
      JsonNode add;
      if (use == null) {
        add =
            names != null ? JSON.objectNode().set(key.asText(), item) : JSON.arrayNode().add(item);
      } else {
        add = p.expand(use, s, path + ".use");
        if (!add.isContainerNode()) {
          throw new JsonmException(path, "foreach: 'use' did not expand to a list or object");
        }
      }
      if (result == null) {
        result = add.deepCopy();
      } else if (result.isObject()) {
        if (!add.isObject()) {
          throw new JsonmException(path, "foreach: an expanded item is not an object");
        }
        ((ObjectNode) result).setAll((ObjectNode) add);
      } else {
        if (!add.isArray()) {
          throw new JsonmException(path, "foreach: an expanded item is not a list");
        }
        ((ArrayNode) result).addAll((ArrayNode) add);
      }
      top--;
    }
    if (result == null) {
      if (call.has("noMatchResult")) {
        return p.expand(call.get("noMatchResult"), scope, path + ".noMatchResult");
      }
      return from.isObject() ? JSON.objectNode() : JSON.arrayNode();
    }
    return result;
  }

  private static JsonNode define(JsonmPreprocessor p, JsonNode call, Scope scope, String path)
      throws JsonmException {
    JsonNode vars = p.expand(required(call, "vars", "define", path), scope, path + ".vars");
    if (!vars.isObject()) {
      throw new JsonmException(path, "define: vars is not an object");
    }
    Scope s = Scope.extending(scope);
    vars.properties().forEach(e -> s.put(e.getKey(), e.getValue()));
    return p.expand(required(call, "result", "define", path), s, path + ".result");
  }
}
