package io.memkube.proxy.configmodel.jsonm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The built-in macros of mcrouter's preprocessor, with its parameter names (so that the object
 * form, {@code {"type": "select", "dictionary": .., "key": ..}}, works too). {@code @import} is
 * resolved before (relative to the config file); {@code @hash} is refused: its value is folly's
 * hash of the running binary, which a config should not depend on.
 */
final class BuiltinMacros {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private BuiltinMacros() {}

  private interface Unary {
    JsonNode apply(JsonNode a, String path) throws JsonmException;
  }

  private interface Binary {
    JsonNode apply(JsonNode a, JsonNode b, String path) throws JsonmException;
  }

  private static void unary(JsonmPreprocessor p, String name, String param, Unary f) {
    p.addMacro(name, List.of(Macro.Param.of(param)), a -> f.apply(a.get(param), a.path()));
  }

  private static void binary(JsonmPreprocessor p, String name, String x, String y, Binary f) {
    p.addMacro(
        name,
        List.of(Macro.Param.of(x), Macro.Param.of(y)),
        a -> f.apply(a.get(x), a.get(y), a.path()));
  }

  /** An integer as the parser would read it (int when it fits), so results compare equal. */
  static JsonNode num(long v) {
    return v == (int) v ? IntNode.valueOf((int) v) : LongNode.valueOf(v);
  }

  private static JsonmException fail(String path, String message) {
    return new JsonmException(path, message);
  }

  static void register(JsonmPreprocessor p) {
    unary(
        p,
        "import",
        "path",
        (v, path) -> {
          throw fail(
              path, "@import(" + v.asText() + "): write the path literally, as a whole string");
        });
    unary(
        p,
        "hash",
        "value",
        (v, path) -> {
          throw fail(path, "@hash is not supported: its value is folly's hash, not a stable one");
        });
    unary(p, "int", "value", BuiltinMacros::toInt);
    unary(
        p,
        "str",
        "value",
        (v, path) -> {
          if (v.isContainerNode() || v.isNull()) {
            throw fail(path, "cannot cast " + v.getNodeType() + " to string");
          }
          return TextNode.valueOf(v.asText());
        });
    unary(p, "bool", "value", BuiltinMacros::toBool);
    unary(
        p,
        "keys",
        "dictionary",
        (v, path) -> {
          requireObject(v, "keys", path);
          ArrayNode out = JSON.arrayNode();
          v.fieldNames().forEachRemaining(out::add);
          return out;
        });
    unary(
        p,
        "values",
        "dictionary",
        (v, path) -> {
          requireObject(v, "values", path);
          ArrayNode out = JSON.arrayNode();
          v.elements().forEachRemaining(out::add);
          return out;
        });
    unary(p, "merge", "params", BuiltinMacros::merge);
    p.addLazyMacro(
        "select",
        List.of(
            Macro.Param.of("dictionary"), Macro.Param.of("key"), Macro.Param.optional("default")),
        BuiltinMacros::select);
    unary(
        p,
        "shuffle",
        "dictionary",
        (v, path) -> {
          if (!v.isArray()) {
            return v;
          }
          List<JsonNode> items = new ArrayList<>();
          v.elements().forEachRemaining(items::add);
          Collections.shuffle(items, ThreadLocalRandom.current());
          return JSON.arrayNode().addAll(items);
        });
    p.addMacro(
        "slice",
        List.of(Macro.Param.of("dictionary"), Macro.Param.of("from"), Macro.Param.of("to")),
        a -> slice(a.get("dictionary"), a.get("from"), a.get("to"), a.path()));
    binary(
        p,
        "split",
        "dictionary",
        "delim",
        (d, delim, path) -> {
          if (!d.isTextual() || !delim.isTextual() || delim.asText().isEmpty()) {
            throw fail(path, "split: dictionary and delim must be strings");
          }
          ArrayNode out = JSON.arrayNode();
          String s = d.asText();
          String sep = delim.asText();
          int from = 0;
          while (true) {
            int at = s.indexOf(sep, from);
            if (at < 0) {
              out.add(s.substring(from));
              return out;
            }
            out.add(s.substring(from, at));
            from = at + sep.length();
          }
        });
    binary(
        p,
        "range",
        "from",
        "to",
        (from, to, path) -> {
          requireInt(from, "range: from", path);
          requireInt(to, "range: to", path);
          ArrayNode out = JSON.arrayNode();
          for (long i = from.asLong(); i <= to.asLong(); i++) {
            out.add(num(i));
          }
          return out;
        });
    binary(p, "contains", "dictionary", "key", BuiltinMacros::contains);
    unary(p, "empty", "dictionary", (v, path) -> BooleanNode.valueOf(size(v, "empty", path) == 0));
    unary(p, "size", "dictionary", (v, path) -> num(size(v, "size", path)));
    binary(p, "equals", "A", "B", (a, b, path) -> BooleanNode.valueOf(a.equals(b)));
    unary(p, "isArray", "value", (v, path) -> BooleanNode.valueOf(v.isArray()));
    unary(p, "isBool", "value", (v, path) -> BooleanNode.valueOf(v.isBoolean()));
    unary(p, "isInt", "value", (v, path) -> BooleanNode.valueOf(v.isIntegralNumber()));
    unary(p, "isObject", "value", (v, path) -> BooleanNode.valueOf(v.isObject()));
    unary(p, "isString", "value", (v, path) -> BooleanNode.valueOf(v.isTextual()));
    binary(p, "less", "A", "B", (a, b, path) -> BooleanNode.valueOf(less(a, b, path)));
    binary(
        p,
        "and",
        "A",
        "B",
        (a, b, path) -> BooleanNode.valueOf(bool(a, "and: A", path) && bool(b, "and: B", path)));
    binary(
        p,
        "or",
        "A",
        "B",
        (a, b, path) -> BooleanNode.valueOf(bool(a, "or: A", path) || bool(b, "or: B", path)));
    unary(p, "not", "A", (a, path) -> BooleanNode.valueOf(!bool(a, "not: A", path)));
    arithmetic(p, "add");
    arithmetic(p, "sub");
    arithmetic(p, "mul");
    arithmetic(p, "div");
    arithmetic(p, "mod");
    unary(
        p,
        "fail",
        "msg",
        (m, path) -> {
          throw fail(path, "@fail: " + m.asText());
        });
    unary(
        p,
        "sort",
        "dictionary",
        (v, path) -> {
          if (!v.isArray()) {
            throw fail(path, "sort: dictionary is not an array");
          }
          List<JsonNode> items = new ArrayList<>();
          v.elements().forEachRemaining(items::add);
          JsonmException[] error = {null};
          items.sort(
              (x, y) -> {
                try {
                  return less(x, y, path) ? -1 : less(y, x, path) ? 1 : 0;
                } catch (JsonmException e) {
                  error[0] = e;
                  return 0;
                }
              });
          if (error[0] != null) {
            throw error[0];
          }
          return JSON.arrayNode().addAll(items);
        });
    p.addMacro(
        "set",
        List.of(Macro.Param.of("dictionary"), Macro.Param.of("key"), Macro.Param.of("value")),
        a -> set(a.get("dictionary"), a.get("key"), a.get("value"), a.path()));
    p.addLazyMacro(
        "if",
        List.of(Macro.Param.of("condition"), Macro.Param.of("is_true"), Macro.Param.of("is_false")),
        a -> {
          JsonNode c = a.get("condition");
          if (!c.isBoolean()) {
            throw fail(a.path(), "if: condition is not a boolean: " + c);
          }
          return a.get(c.asBoolean() ? "is_true" : "is_false");
        });
  }

  private static void arithmetic(JsonmPreprocessor p, String op) {
    binary(
        p,
        op,
        "A",
        "B",
        (a, b, path) -> {
          requireInt(a, op + ": A", path);
          requireInt(b, op + ": B", path);
          long x = a.asLong();
          long y = b.asLong();
          if ((op.equals("div") || op.equals("mod")) && y == 0) {
            throw fail(path, op + ": B == 0");
          }
          return num(
              switch (op) {
                case "add" -> x + y;
                case "sub" -> x - y;
                case "mul" -> x * y;
                case "div" -> x / y;
                default -> x % y;
              });
        });
  }

  private static JsonNode toInt(JsonNode v, String path) throws JsonmException {
    if (v.isIntegralNumber()) {
      return num(v.asLong());
    }
    if (v.isNumber()) {
      return num((long) v.asDouble());
    }
    if (v.isBoolean()) {
      return num(v.asBoolean() ? 1 : 0);
    }
    if (v.isTextual()) {
      try {
        return num(Long.parseLong(v.asText().trim()));
      } catch (NumberFormatException e) {
        throw fail(path, "cannot cast '" + v.asText() + "' to int");
      }
    }
    throw fail(path, "cannot cast " + v.getNodeType() + " to int");
  }

  private static JsonNode toBool(JsonNode v, String path) throws JsonmException {
    if (v.isBoolean()) {
      return v;
    }
    if (v.isIntegralNumber()) {
      return BooleanNode.valueOf(v.asLong() != 0);
    }
    if (v.isTextual()) {
      switch (v.asText().trim().toLowerCase(Locale.ROOT)) {
        case "true", "1", "yes", "on", "y", "t" -> {
          return BooleanNode.TRUE;
        }
        case "false", "0", "no", "off", "n", "f" -> {
          return BooleanNode.FALSE;
        }
        default -> throw fail(path, "cannot cast '" + v.asText() + "' to bool");
      }
    }
    throw fail(path, "cannot cast " + v.getNodeType() + " to bool");
  }

  private static JsonNode merge(JsonNode params, String path) throws JsonmException {
    if (!params.isArray() || params.isEmpty()) {
      throw fail(path, "merge: params must be a non-empty list");
    }
    JsonNode first = params.get(0);
    if (first.isArray()) {
      ArrayNode out = JSON.arrayNode();
      for (int i = 0; i < params.size(); i++) {
        if (!params.get(i).isArray()) {
          throw fail(path, "merge: param " + i + " is not a list");
        }
        out.addAll((ArrayNode) params.get(i));
      }
      return out;
    }
    if (first.isObject()) {
      ObjectNode out = JSON.objectNode();
      for (int i = 0; i < params.size(); i++) {
        if (!params.get(i).isObject()) {
          throw fail(path, "merge: param " + i + " is not an object");
        }
        out.setAll((ObjectNode) params.get(i));
      }
      return out;
    }
    if (first.isTextual()) {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < params.size(); i++) {
        if (!params.get(i).isTextual()) {
          throw fail(path, "merge: param " + i + " is not a string");
        }
        out.append(params.get(i).asText());
      }
      return TextNode.valueOf(out.toString());
    }
    throw fail(path, "merge: the first param is not a list, object or string");
  }

  private static JsonNode select(Macro.Args a) throws JsonmException {
    JsonNode dict = a.get("dictionary");
    JsonNode key = a.get("key");
    String path = a.path();
    if (dict.isObject()) {
      if (!key.isTextual()) {
        throw fail(path, "select: the dictionary is an object, the key is not a string");
      }
      if (dict.has(key.asText())) {
        return dict.get(key.asText());
      }
      if (a.has("default")) {
        return a.get("default");
      }
      throw fail(path, "select: '" + key.asText() + "' not found and no default");
    }
    if (dict.isArray()) {
      if (!key.isIntegralNumber()) {
        throw fail(path, "select: the dictionary is a list, the key is not an integer");
      }
      long i = key.asLong();
      if (i < 0) {
        i += dict.size();
      }
      if (i >= 0 && i < dict.size()) {
        return dict.get((int) i);
      }
      if (a.has("default")) {
        return a.get("default");
      }
      throw fail(path, "select: index " + i + " is out of range [0, " + dict.size() + ")");
    }
    throw fail(path, "select: the dictionary is " + dict.getNodeType() + ", not a list or object");
  }

  private static JsonNode slice(JsonNode dict, JsonNode from, JsonNode to, String path)
      throws JsonmException {
    if (dict.isObject()) {
      if (!from.isTextual() || !to.isTextual()) {
        throw fail(path, "slice: from and to must be strings for an object");
      }
      ObjectNode out = JSON.objectNode();
      var it = dict.properties().iterator();
      while (it.hasNext()) {
        var e = it.next();
        if (from.asText().compareTo(e.getKey()) <= 0 && e.getKey().compareTo(to.asText()) <= 0) {
          out.set(e.getKey(), e.getValue());
        }
      }
      return out;
    }
    requireInt(from, "slice: from", path);
    requireInt(to, "slice: to", path);
    int size = dict.isTextual() ? dict.asText().length() : dict.size();
    int f = (int) Math.max(0, from.asLong());
    int t = (int) Math.min(to.asLong() + 1, size);
    if (dict.isTextual()) {
      return TextNode.valueOf(f < t ? dict.asText().substring(f, t) : "");
    }
    if (!dict.isArray()) {
      throw fail(path, "slice: dictionary is not a list, object or string");
    }
    ArrayNode out = JSON.arrayNode();
    for (int i = f; i < t; i++) {
      out.add(dict.get(i));
    }
    return out;
  }

  private static JsonNode contains(JsonNode dict, JsonNode key, String path) throws JsonmException {
    if (dict.isObject()) {
      if (!key.isTextual()) {
        throw fail(path, "contains: the dictionary is an object, the key is not a string");
      }
      return BooleanNode.valueOf(dict.has(key.asText()));
    }
    if (dict.isArray()) {
      for (JsonNode e : dict) {
        if (e.equals(key)) {
          return BooleanNode.TRUE;
        }
      }
      return BooleanNode.FALSE;
    }
    if (dict.isTextual()) {
      if (!key.isTextual()) {
        throw fail(path, "contains: the dictionary is a string, the key is not a string");
      }
      return BooleanNode.valueOf(dict.asText().contains(key.asText()));
    }
    throw fail(path, "contains: the dictionary is not an object, list or string");
  }

  private static JsonNode set(JsonNode dict, JsonNode key, JsonNode value, String path)
      throws JsonmException {
    if (dict.isObject()) {
      if (!key.isTextual()) {
        throw fail(path, "set: the key is not a string");
      }
      ObjectNode out = ((ObjectNode) dict).deepCopy();
      out.set(key.asText(), value);
      return out;
    }
    if (dict.isArray()) {
      if (!key.isIntegralNumber() || key.asLong() < 0 || key.asLong() >= dict.size()) {
        throw fail(path, "set: the key is not an index of the list");
      }
      ArrayNode out = ((ArrayNode) dict).deepCopy();
      out.set(key.asInt(), value);
      return out;
    }
    throw fail(path, "set: the dictionary is not a list or object");
  }

  private static int size(JsonNode v, String what, String path) throws JsonmException {
    if (v.isTextual()) {
      return v.asText().length();
    }
    if (v.isContainerNode()) {
      return v.size();
    }
    throw fail(path, what + ": the dictionary is not an object, list or string");
  }

  private static boolean less(JsonNode a, JsonNode b, String path) throws JsonmException {
    if (a.isNumber() && b.isNumber()) {
      return a.isIntegralNumber() && b.isIntegralNumber()
          ? a.asLong() < b.asLong()
          : a.asDouble() < b.asDouble();
    }
    if (a.isTextual() && b.isTextual()) {
      return a.asText().compareTo(b.asText()) < 0;
    }
    if (a.isBoolean() && b.isBoolean()) {
      return !a.asBoolean() && b.asBoolean();
    }
    throw fail(path, "cannot compare " + a.getNodeType() + " with " + b.getNodeType());
  }

  private static boolean bool(JsonNode v, String what, String path) throws JsonmException {
    if (!v.isBoolean()) {
      throw fail(path, what + " is not a boolean");
    }
    return v.asBoolean();
  }

  private static void requireInt(JsonNode v, String what, String path) throws JsonmException {
    if (!v.isIntegralNumber()) {
      throw fail(path, what + " is not an integer: " + v);
    }
  }

  private static void requireObject(JsonNode v, String what, String path) throws JsonmException {
    if (!v.isObject()) {
      throw fail(path, what + ": the dictionary is not an object");
    }
  }
}
