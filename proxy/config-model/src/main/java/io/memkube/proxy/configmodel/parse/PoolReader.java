package io.memkube.proxy.configmodel.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memkube.proxy.configmodel.ConfigFields;
import io.memkube.proxy.configmodel.spec.PoolSpec;
import io.memkube.proxy.configmodel.spec.ServerAddress;
import io.memkube.proxy.configmodel.spec.ServerSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the {@code pools} section (with {@code inherit}) and inline pools, on demand. */
final class PoolReader {
  private static final Set<String> POOL_FIELDS =
      Set.of(
          ConfigFields.SERVERS,
          ConfigFields.WEIGHTS,
          ConfigFields.SERVER_TIMEOUT,
          "connect_timeout",
          "keep_routing_prefix",
          "protocol",
          "use_ssl",
          ConfigFields.CREDENTIALS_FILE,
          ConfigFields.INHERIT,
          "name");

  private final JsonNode poolsNode;
  private final long defaultTimeoutMillis;
  private final Map<String, PoolSpec> read = new LinkedHashMap<>();

  PoolReader(JsonNode poolsNode, long defaultTimeoutMillis) {
    this.poolsNode = poolsNode;
    this.defaultTimeoutMillis = defaultTimeoutMillis;
  }

  /** Every pool read so far, declared or inline. */
  Map<String, PoolSpec> read() {
    return read;
  }

  /** Every declared pool, so that a typo in an unused pool is still reported. */
  void readAll() throws ConfigException {
    if (poolsNode == null) {
      return;
    }
    if (!poolsNode.isObject()) {
      throw new ConfigException("$.pools", "expected an object of pool name -> pool");
    }
    var names = poolsNode.fieldNames();
    while (names.hasNext()) {
      byName(names.next(), "$.pools");
    }
  }

  PoolSpec byName(String name, String usedAt) throws ConfigException {
    PoolSpec p = read.get(name);
    if (p != null) {
      return p;
    }
    JsonNode def = poolsNode == null ? null : poolsNode.get(name);
    if (def == null) {
      throw new ConfigException(usedAt, "no pool named '" + name + "' in $.pools");
    }
    p = pool(name, resolveInherit(def, "$.pools." + name, new HashSet<>()), "$.pools." + name);
    read.put(name, p);
    return p;
  }

  /** A pool written inline in a route ({@code "pool": {"name": ..., "servers": ...}}). */
  PoolSpec inline(JsonNode def, String path) throws ConfigException {
    String name = JsonFields.string(def, "name", path, null);
    if (name == null) {
      throw new ConfigException(path, "an inline pool needs a 'name'");
    }
    if (read.containsKey(name)) {
      return read.get(name);
    }
    PoolSpec p = pool(name, resolveInherit(def, path, new HashSet<>()), path);
    read.put(name, p);
    return p;
  }

  private JsonNode resolveInherit(JsonNode def, String path, Set<String> seen)
      throws ConfigException {
    if (!def.isObject()) {
      throw new ConfigException(path, "a pool must be an object");
    }
    JsonNode inherit = def.get(ConfigFields.INHERIT);
    if (inherit == null) {
      return def;
    }
    String parentName = inherit.asText();
    if (!seen.add(parentName)) {
      throw new ConfigException(
          path + ".inherit", "pool inheritance cycle through '" + parentName + "'");
    }
    JsonNode parent = poolsNode == null ? null : poolsNode.get(parentName);
    if (parent == null) {
      throw new ConfigException(path + ".inherit", "no pool named '" + parentName + "' to inherit");
    }
    ObjectNode merged = resolveInherit(parent, "$.pools." + parentName, seen).deepCopy();
    def.properties().forEach(e -> merged.set(e.getKey(), e.getValue()));
    merged.remove(ConfigFields.INHERIT);
    return merged;
  }

  private PoolSpec pool(String name, JsonNode def, String path) throws ConfigException {
    JsonFields.allowOnly(def, path, POOL_FIELDS);
    String protocol = JsonFields.string(def, "protocol", path, "ascii");
    if (!protocol.equals("ascii")) {
      throw new ConfigException(
          path + ".protocol", "only 'ascii' is spoken, got '" + protocol + "'");
    }
    long timeout = JsonFields.number(def, ConfigFields.SERVER_TIMEOUT, path, defaultTimeoutMillis);
    if (timeout <= 0) {
      throw new ConfigException(path + ".server_timeout", "must be positive");
    }
    List<String> specs = JsonFields.strings(def, ConfigFields.SERVERS, path);
    if (!def.has("servers")) {
      throw new ConfigException(path, "missing required field 'servers'");
    }
    JsonNode useSsl = def.get("use_ssl");
    if (useSsl != null && !useSsl.isBoolean()) {
      throw new ConfigException(path + ".use_ssl", "expected true or false");
    }
    boolean tls = useSsl != null && useSsl.asBoolean();
    String credentialsFile = JsonFields.string(def, ConfigFields.CREDENTIALS_FILE, path, null);
    if (credentialsFile != null && credentialsFile.isEmpty()) {
      throw new ConfigException(path + ".credentials_file", "expected a file name");
    }
    List<ServerSpec> servers = new ArrayList<>(specs.size());
    for (int i = 0; i < specs.size(); i++) {
      try {
        ServerAddress a = ServerAddress.parse(specs.get(i));
        servers.add(new ServerSpec(tls ? a.withTls() : a, timeout, name));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(path + ".servers[" + i + "]", e.getMessage());
      }
    }
    double[] weights = null;
    JsonNode w = def.get("weights");
    if (w != null) {
      if (!w.isArray()) {
        throw new ConfigException(path + ".weights", "expected an array of numbers");
      }
      weights = new double[servers.size()];
      java.util.Arrays.fill(weights, 0.5); // mcrouter's weight for servers beyond the list
      for (int i = 0; i < w.size() && i < weights.length; i++) {
        if (!w.get(i).isNumber() || w.get(i).asDouble() < 0 || w.get(i).asDouble() > 1) {
          throw new ConfigException(path + ".weights[" + i + "]", "expected a number in [0, 1]");
        }
        weights[i] = w.get(i).asDouble();
      }
    }
    return new PoolSpec(name, List.copyOf(servers), weights, credentialsFile, path);
  }
}
