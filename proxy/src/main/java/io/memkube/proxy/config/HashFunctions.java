package io.memkube.proxy.config;

import io.memkube.proxy.configmodel.spec.HashSpec;
import io.memkube.proxy.hash.Ch3Hash;
import io.memkube.proxy.hash.ConstShardHash;
import io.memkube.proxy.hash.Crc32Hash;
import io.memkube.proxy.hash.HashFunction;
import io.memkube.proxy.hash.KetamaRing;
import io.memkube.proxy.hash.KeyHash;
import io.memkube.proxy.hash.ModulaHash;
import io.memkube.proxy.hash.RandomHash;
import io.memkube.proxy.hash.WeightedCh3Hash;
import java.util.Arrays;
import java.util.List;

/** The hash function a checked {@link HashSpec} names, built over a route's children. */
final class HashFunctions {
  private HashFunctions() {}

  /**
   * The function over {@code n} children.
   *
   * @param poolWeights the pool's weights, or null
   * @param ketamaNames the children's ketama names (servers' host or host:port)
   */
  static HashFunction build(HashSpec spec, int n, double[] poolWeights, List<String> ketamaNames) {
    double[] w = spec.weights() != null ? spec.weights() : poolWeights;
    String f = spec.func();
    if (f.equals("ch3") && poolWeights != null && spec.weights() == null) {
      f = "weightedch3"; // mcrouter: a pool with weights hashes with WeightedCh3
    }
    KeyHash keyHash = KeyHash.named(spec.keyHash());
    return switch (f) {
      case "ch3" -> new Ch3Hash(n);
      case "crc32" -> new Crc32Hash(n);
      case "constshard" -> new ConstShardHash(n);
      case "weightedch3" -> new WeightedCh3Hash(fit(w, n, 0.5));
      case "ketama" -> new KetamaRing(ketamaNames, fit(w, n, 1.0), keyHash);
      case "libmemcached_ketama" ->
          KetamaRing.libmemcachedUnweighted(ketamaNames, KeyHash.named(spec.pointHash()), keyHash);
      case "modula" -> new ModulaHash(keyHash, integerWeights(fit(w, n, 1.0)), ketamaNames);
      case "random" -> new RandomHash(n);
      default -> throw new IllegalStateException("unchecked hash function " + f);
    };
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
    Arrays.fill(out, dflt);
    if (w != null) {
      System.arraycopy(w, 0, out, 0, Math.min(n, w.length));
    }
    return out;
  }
}
