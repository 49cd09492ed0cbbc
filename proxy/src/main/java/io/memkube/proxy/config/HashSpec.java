package io.memkube.proxy.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.memkube.proxy.hash.Ch3Hash;
import io.memkube.proxy.hash.Crc32Hash;
import io.memkube.proxy.hash.HashFunction;
import io.memkube.proxy.hash.KetamaRing;
import io.memkube.proxy.hash.WeightedCh3Hash;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A route's choice of hash function and salt: mcrouter's {@code hash_func} names (Ch3, Crc32,
 * WeightedCh3) and, beyond mcrouter, {@code Ketama} (also written twemproxy's way, {@code "hash":
 * "md5", "distribution": "ketama"}).
 */
record HashSpec(String func, String salt, double[] weights) {
  private static final Set<String> OBJECT_FIELDS =
      Set.of("hash_func", "salt", "weights", "hash", "distribution");

  static final HashSpec DEFAULT = new HashSpec("ch3", "", null);

  /** Reads a {@code hash} field that is a function name or an object. */
  static HashSpec read(JsonNode node, String path) throws ConfigException {
    if (node == null || node.isNull()) {
      return DEFAULT;
    }
    if (node.isTextual()) {
      return new HashSpec(normalize(node.asText(), path), "", null);
    }
    if (!node.isObject()) {
      throw new ConfigException(path, "expected a hash function name or object");
    }
    JsonFields.allowOnly(node, path, OBJECT_FIELDS);
    String func = JsonFields.string(node, "hash_func", path, null);
    String twemHash = JsonFields.string(node, "hash", path, null);
    String distribution = JsonFields.string(node, "distribution", path, null);
    if (func == null && (twemHash != null || distribution != null)) {
      if (!"md5".equalsIgnoreCase(twemHash) || !"ketama".equalsIgnoreCase(distribution)) {
        throw new ConfigException(
            path, "only hash: md5 with distribution: ketama is supported in twemproxy form");
      }
      func = "ketama";
    }
    double[] weights = null;
    JsonNode w = node.get("weights");
    if (w != null) {
      weights = new double[w.size()];
      for (int i = 0; i < w.size(); i++) {
        weights[i] = w.get(i).asDouble();
      }
    }
    return new HashSpec(
        func == null ? "ch3" : normalize(func, path + ".hash_func"),
        JsonFields.string(node, "salt", path, ""),
        weights);
  }

  HashSpec withSalt(String newSalt) {
    return new HashSpec(func, newSalt, weights);
  }

  HashSpec withFunc(String newFunc, String path) throws ConfigException {
    return new HashSpec(normalize(newFunc, path), salt, weights);
  }

  private static String normalize(String name, String path) throws ConfigException {
    String n = name.toLowerCase(Locale.ROOT);
    return switch (n) {
      case "ch3", "crc32", "weightedch3", "ketama" -> n;
      case "ketama_md5", "md5" -> "ketama";
      default ->
          throw new ConfigException(
              path, "unknown hash function '" + name + "' (Ch3, Crc32, WeightedCh3, Ketama)");
    };
  }

  /**
   * The function over {@code n} children.
   *
   * @param poolWeights the pool's weights, or null
   * @param ketamaNames the children's ketama names (servers' host or host:port)
   */
  HashFunction build(int n, double[] poolWeights, List<String> ketamaNames, String path)
      throws ConfigException {
    double[] w = weights != null ? weights : poolWeights;
    String f = func;
    if (f.equals("ch3") && poolWeights != null && weights == null) {
      f = "weightedch3"; // mcrouter: a pool with weights hashes with WeightedCh3
    }
    try {
      return switch (f) {
        case "ch3" -> new Ch3Hash(n);
        case "crc32" -> new Crc32Hash(n);
        case "weightedch3" -> new WeightedCh3Hash(fit(w, n, 0.5));
        case "ketama" -> new KetamaRing(ketamaNames, fit(w, n, 1.0));
        default -> throw new IllegalStateException(f);
      };
    } catch (IllegalArgumentException e) {
      throw new ConfigException(path, e.getMessage());
    }
  }

  private static double[] fit(double[] w, int n, double dflt) {
    double[] out = new double[n];
    java.util.Arrays.fill(out, dflt);
    if (w != null) {
      System.arraycopy(w, 0, out, 0, Math.min(n, w.length));
    }
    return out;
  }
}
