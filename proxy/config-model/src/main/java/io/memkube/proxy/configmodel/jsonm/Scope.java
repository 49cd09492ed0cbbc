package io.memkube.proxy.configmodel.jsonm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;

/**
 * The parameters visible while a value is expanded. A macro's result sees only its own parameters
 * (a base scope: mcrouter does not let a macro read its caller's), then the consts; the scopes
 * {@code transform}, {@code process}, {@code foreach} and {@code define} open extend the current
 * one.
 */
final class Scope {
  static final Scope ROOT = new Scope(null, true);

  private final Map<String, JsonNode> vars = new HashMap<>();
  private final Scope outer;
  private final boolean base;

  private Scope(Scope outer, boolean base) {
    this.outer = outer;
    this.base = base;
  }

  /** A scope for a macro's result: its parameters only. */
  static Scope base() {
    return new Scope(null, true);
  }

  /** A scope that also sees everything {@code outer} sees. */
  static Scope extending(Scope outer) {
    return new Scope(outer, false);
  }

  Scope put(String name, JsonNode value) {
    vars.put(name, value);
    return this;
  }

  JsonNode find(String name) {
    JsonNode v = vars.get(name);
    if (v != null) {
      return v;
    }
    return base || outer == null ? null : outer.find(name);
  }
}
