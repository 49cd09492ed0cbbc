package io.memkube.proxy.configmodel.jsonm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A macro, built in or defined by {@code macroDef}: named parameters (required, with a default, or
 * optional) and a body. Called as a string ({@code "@name(a,b)"}, arguments by position) or as an
 * object ({@code {"type": "name", "a": ..}}, arguments by name). Arguments are expanded in the
 * caller's scope first, except for macros that choose what to expand ({@code if}, {@code select}).
 */
final class Macro {

  record Param(String name, JsonNode dflt, boolean required) {
    static Param of(String name) {
      return new Param(name, null, true);
    }

    static Param optional(String name) {
      return new Param(name, null, false);
    }
  }

  @FunctionalInterface
  interface Body {
    JsonNode apply(Args args) throws JsonmException;
  }

  /** A call's arguments; lazily expanded ones are expanded in the caller's scope when read. */
  static final class Args {
    private final JsonmPreprocessor prep;
    private final Scope caller;
    private final String path;
    private final Map<String, JsonNode> values = new HashMap<>();
    private final Map<String, Boolean> expanded = new HashMap<>();

    Args(JsonmPreprocessor prep, Scope caller, String path) {
      this.prep = prep;
      this.caller = caller;
      this.path = path;
    }

    boolean has(String name) {
      return values.containsKey(name);
    }

    JsonNode get(String name) throws JsonmException {
      JsonNode v = values.get(name);
      if (v == null) {
        throw new JsonmException(path, "parameter '" + name + "' not given");
      }
      if (!expanded.get(name)) {
        v = prep.expand(v, caller, path);
        values.put(name, v);
        expanded.put(name, true);
      }
      return v;
    }

    String path() {
      return path;
    }

    /** The arguments as a scope of their own, for a macroDef's result. */
    Scope asScope() throws JsonmException {
      Scope s = Scope.base();
      for (String n : new ArrayList<>(values.keySet())) {
        s.put(n, get(n));
      }
      return s;
    }
  }

  private final String name;
  private final List<Param> params;
  private final Body body;
  private final boolean expandArguments;

  Macro(String name, List<Param> params, Body body, boolean expandArguments) {
    this.name = name;
    this.params = params;
    this.body = body;
    this.expandArguments = expandArguments;
  }

  String name() {
    return name;
  }

  private int required() {
    int n = 0;
    for (Param p : params) {
      if (p.required()) {
        n++;
      }
    }
    return n;
  }

  JsonNode call(JsonmPreprocessor prep, List<String> arguments, Scope caller, String path)
      throws JsonmException {
    if (arguments.size() < required()) {
      throw new JsonmException(
          path,
          "too few arguments for @"
              + name
              + ": expected at least "
              + required()
              + ", got "
              + arguments.size());
    }
    if (arguments.size() > params.size()) {
      throw new JsonmException(
          path,
          "too many arguments for @"
              + name
              + ": expected at most "
              + params.size()
              + ", got "
              + arguments.size());
    }
    Args args = new Args(prep, caller, path);
    for (int i = 0; i < arguments.size(); i++) {
      JsonNode v =
          expandArguments
              ? prep.expandString(arguments.get(i), caller, path)
              : TextNode.valueOf(arguments.get(i));
      args.values.put(params.get(i).name(), v);
      args.expanded.put(params.get(i).name(), expandArguments);
    }
    defaults(args, arguments.size());
    return body.apply(args);
  }

  JsonNode call(JsonmPreprocessor prep, JsonNode object, Scope caller, String path)
      throws JsonmException {
    Args args = new Args(prep, caller, path);
    for (Param p : params) {
      JsonNode v = object.get(p.name());
      if (v == null) {
        if (p.required()) {
          throw new JsonmException(path, "macro " + name + ": '" + p.name() + "' not given");
        }
        if (p.dflt() != null) {
          args.values.put(p.name(), p.dflt());
          args.expanded.put(p.name(), true);
        }
      } else {
        args.values.put(
            p.name(), expandArguments ? prep.expand(v, caller, path + "." + p.name()) : v);
        args.expanded.put(p.name(), expandArguments);
      }
    }
    return body.apply(args);
  }

  private void defaults(Args args, int given) {
    for (int i = given; i < params.size(); i++) {
      Param p = params.get(i);
      if (p.dflt() != null) {
        args.values.put(p.name(), p.dflt());
        args.expanded.put(p.name(), true);
      }
    }
  }
}
