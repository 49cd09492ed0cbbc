package io.memkube.proxy.configmodel.parse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Typed reads of JSON fields that fail with the field's path. */
final class JsonFields {
  private JsonFields() {}

  static void allowOnly(JsonNode obj, String path, Set<String> allowed) throws ConfigException {
    Iterator<String> names = obj.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!allowed.contains(n)) {
        throw new ConfigException(
            path + "." + n, "unknown field '" + n + "' (allowed: " + sorted(allowed) + ")");
      }
    }
  }

  private static List<String> sorted(Set<String> s) {
    List<String> l = new ArrayList<>(s);
    l.sort(null);
    return l;
  }

  static JsonNode required(JsonNode obj, String field, String path) throws ConfigException {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      throw new ConfigException(path, "missing required field '" + field + "'");
    }
    return v;
  }

  static String string(JsonNode obj, String field, String path, String dflt)
      throws ConfigException {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isTextual() && !v.isNumber()) {
      throw new ConfigException(path + "." + field, "expected a string");
    }
    return v.asText();
  }

  static long number(JsonNode obj, String field, String path, long dflt) throws ConfigException {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (v.isIntegralNumber()) {
      return v.asLong();
    }
    if (v.isTextual()) {
      try {
        return Long.parseLong(v.asText().trim());
      } catch (NumberFormatException e) {
        // fall through to the error
      }
    }
    throw new ConfigException(path + "." + field, "expected an integer, got " + v);
  }

  static boolean bool(JsonNode obj, String field, String path, boolean dflt)
      throws ConfigException {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isBoolean()) {
      throw new ConfigException(path + "." + field, "expected true or false, got " + v);
    }
    return v.asBoolean();
  }

  static List<String> strings(JsonNode obj, String field, String path) throws ConfigException {
    JsonNode v = obj.get(field);
    List<String> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isArray()) {
      throw new ConfigException(path + "." + field, "expected an array of strings");
    }
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isTextual()) {
        throw new ConfigException(path + "." + field + "[" + i + "]", "expected a string");
      }
      out.add(v.get(i).asText());
    }
    return out;
  }
}
