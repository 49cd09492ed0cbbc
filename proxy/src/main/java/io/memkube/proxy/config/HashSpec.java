package io.memkube.proxy.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.memkube.proxy.hash.Ch3Hash;
import io.memkube.proxy.hash.Crc32Hash;
import io.memkube.proxy.hash.HashFunction;
import io.memkube.proxy.hash.KetamaRing;
import io.memkube.proxy.hash.KeyHash;
import io.memkube.proxy.hash.ModulaHash;
import io.memkube.proxy.hash.RandomHash;
import io.memkube.proxy.hash.WeightedCh3Hash;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A route's choice of hash function and salt: mcrouter's {@code hash_func} names (Ch3, Crc32,
 * WeightedCh3) and, beyond mcrouter, twemproxy's and libmemcached's: {@code Ketama} (also written
 * twemproxy's way, {@code "hash": "md5", "distribution": "ketama"}), any twemproxy key hash with
 * {@code ketama}, {@code modula} or {@code random}, and libmemcached's unweighted ketama ({@code
 * "distribution": "libmemcached_ketama"}).
 */
record HashSpec(String func, String salt, double[] weights, KeyHash keyHash, KeyHash pointHash) {
  private static final Set<String> OBJECT_FIELDS =
      Set.of("hash_func", "salt", "weights", "hash", "distribution", "continuum_hash");

  static final HashSpec DEFAULT = new HashSpec("ch3", "", null, KeyHash.MD5, KeyHash.MD5);

  HashSpec(String func, String salt, double[] weights) {
    this(func, salt, weights, KeyHash.MD5, KeyHash.MD5);
  }

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
    KeyHash keyHash = KeyHash.MD5;
    if (twemHash != null) {
      keyHash = KeyHash.named(twemHash);
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
            case "ketama" -> "ketama";
            case "modula" -> "modula";
            case "random" -> "random";
            case "libmemcached_ketama" -> "libmemcached_ketama";
            default ->
                throw new ConfigException(
                    path + ".distribution",
                    "unknown distribution '"
                        + distribution
                        + "' (ketama, modula, random, libmemcached_ketama)");
          };
    }
    double[] weights = null;
    JsonNode w = node.get("weights");
    if (w != null) {
      weights = new double[w.size()];
      for (int i = 0; i < w.size(); i++) {
        weights[i] = w.get(i).asDouble();
      }
    }
    String f = func == null ? "ch3" : normalize(func, path + ".hash_func");
    if (f.equals("libmemcached_ketama") && twemHash == null) {
      keyHash = KeyHash.ONE_AT_A_TIME; // libmemcached's default hash, which its KETAMA keeps
    }
    KeyHash pointHash = keyHash;
    String continuum = JsonFields.string(node, "continuum_hash", path, null);
    if (continuum != null) {
      pointHash = KeyHash.named(continuum);
      if (pointHash == null || !f.equals("libmemcached_ketama")) {
        throw new ConfigException(
            path + ".continuum_hash",
            "continuum_hash is a key hash name, for distribution libmemcached_ketama");
      }
    }
    return new HashSpec(f, JsonFields.string(node, "salt", path, ""), weights, keyHash, pointHash);
  }

  HashSpec withSalt(String newSalt) {
    return new HashSpec(func, newSalt, weights, keyHash, pointHash);
  }

  HashSpec withFunc(String newFunc, String path) throws ConfigException {
    return new HashSpec(normalize(newFunc, path), salt, weights, keyHash, pointHash);
  }

  private static String normalize(String name, String path) throws ConfigException {
    String n = name.toLowerCase(Locale.ROOT);
    return switch (n) {
      case "ch3", "crc32", "weightedch3", "ketama", "modula", "random", "libmemcached_ketama" -> n;
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
        case "ketama" -> new KetamaRing(ketamaNames, fit(w, n, 1.0), keyHash);
        case "libmemcached_ketama" ->
            KetamaRing.libmemcachedUnweighted(ketamaNames, pointHash, keyHash);
        case "modula" -> new ModulaHash(keyHash, integerWeights(fit(w, n, 1.0)), ketamaNames);
        case "random" -> new RandomHash(n);
        default -> throw new IllegalStateException(f);
      };
    } catch (IllegalArgumentException e) {
      throw new ConfigException(path, e.getMessage());
    }
  }

  /** twemproxy's weights are integers; fractions (mcrouter's) scale so the smallest is 1. */
  private static int[] integerWeights(double[] w) {
    double min = Double.MAX_VALUE;
    boolean fractional = false;
    for (double x : w) {
      if (x > 0) {
        min = Math.min(min, x);
      }
      fractional |= x != Math.rint(x);
    }
    int[] out = new int[w.length];
    for (int i = 0; i < w.length; i++) {
      out[i] = (int) Math.max(1, Math.round(fractional ? w[i] / min : w[i]));
    }
    return out;
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
