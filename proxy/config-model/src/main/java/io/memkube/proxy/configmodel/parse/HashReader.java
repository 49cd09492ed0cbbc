package io.memkube.proxy.configmodel.parse;

import com.fasterxml.jackson.databind.JsonNode;
import io.memkube.proxy.configmodel.spec.HashSpec;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a route's choice of hash function and salt: mcrouter's {@code hash_func} names (Ch3, Crc32,
 * WeightedCh3, ConstShard) and, beyond mcrouter, twemproxy's and libmemcached's: {@code Ketama}
 * (also written twemproxy's way, {@code "hash": "md5", "distribution": "ketama"}), any twemproxy
 * key hash with {@code ketama}, {@code modula} or {@code random}, and libmemcached's unweighted
 * ketama ({@code "distribution": "libmemcached_ketama"}).
 */
final class HashReader {
  private static final Set<String> OBJECT_FIELDS =
      Set.of("hash_func", "salt", "weights", "hash", "distribution", "continuum_hash");

  private HashReader() {}

  /** Reads a {@code hash} field that is a function name or an object. */
  static HashSpec read(JsonNode node, String path) throws ConfigException {
    if (node == null || node.isNull()) {
      return HashSpec.DEFAULT;
    }
    if (node.isTextual()) {
      return HashSpec.DEFAULT.withFunc(function(node.asText(), path));
    }
    if (!node.isObject()) {
      throw new ConfigException(path, "expected a hash function name or object");
    }
    JsonFields.allowOnly(node, path, OBJECT_FIELDS);
    String func = JsonFields.string(node, "hash_func", path, null);
    String twemHash = JsonFields.string(node, "hash", path, null);
    String distribution = JsonFields.string(node, "distribution", path, null);
    String keyHash = "md5";
    if (twemHash != null) {
      keyHash = keyHash(twemHash);
      if (keyHash == null) {
        throw new ConfigException(
            path + ".hash",
            "unknown twemproxy hash '"
                + twemHash
                + "' (one_at_a_time, md5, crc16, crc32, crc32a, fnv1_64, fnv1a_64, fnv1_32,"
                + " fnv1a_32, hsieh, murmur, jenkins)");
      }
    }
    if (func == null && (twemHash != null || distribution != null)) {
      String d = distribution == null ? "ketama" : distribution.toLowerCase(Locale.ROOT);
      func =
          switch (d) {
            case "ketama", "modula", "random", "libmemcached_ketama" -> d;
            default ->
                throw new ConfigException(
                    path + ".distribution",
                    "unknown distribution '"
                        + distribution
                        + "' (ketama, modula, random, libmemcached_ketama)");
          };
    }
    String f = func == null ? "ch3" : function(func, path + ".hash_func");
    double[] weights = null;
    JsonNode w = node.get("weights");
    if (w != null) {
      weights = new double[w.size()];
      for (int i = 0; i < w.size(); i++) {
        weights[i] = w.get(i).asDouble();
      }
    }
    if (f.equals("libmemcached_ketama") && twemHash == null) {
      keyHash = "one_at_a_time"; // libmemcached's default hash, which its KETAMA keeps
    }
    String pointHash = keyHash;
    String continuum = JsonFields.string(node, "continuum_hash", path, null);
    if (continuum != null) {
      pointHash = keyHash(continuum);
      if (pointHash == null || !f.equals("libmemcached_ketama")) {
        throw new ConfigException(
            path + ".continuum_hash",
            "continuum_hash is a key hash name, for distribution libmemcached_ketama");
      }
    }
    return new HashSpec(f, JsonFields.string(node, "salt", path, ""), weights, keyHash, pointHash);
  }

  /** The function's name in {@link HashSpec#FUNCTIONS}, from a name the config may give. */
  static String function(String name, String path) throws ConfigException {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.equals("ketama_md5") || n.equals("md5")) {
      return "ketama";
    }
    if (HashSpec.FUNCTIONS.contains(n)) {
      return n;
    }
    if (HashSpec.REFUSED.containsKey(n)) {
      throw new ConfigException(
          path,
          "mcrouter's hash function '"
              + name
              + "' is not supported by memkube-proxy: "
              + HashSpec.REFUSED.get(n));
    }
    throw new ConfigException(
        path, "unknown hash function '" + name + "' (Ch3, Crc32, WeightedCh3, ConstShard, Ketama)");
  }

  private static String keyHash(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return HashSpec.KEY_HASHES.contains(n) ? n : null;
  }
}
