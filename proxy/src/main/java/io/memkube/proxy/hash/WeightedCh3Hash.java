package io.memkube.proxy.hash;

import java.util.Arrays;

/**
 * mcrouter's WeightedCh3: Ch3 picks a server, and SpookyHashV2 of the key accepts it with the
 * probability of the server's weight (0..1); a rejected key is retried with the attempt number
 * appended in reversed decimal, up to 32 times, keeping the last pick.
 */
public final class WeightedCh3Hash implements HashFunction {
  private static final int TRIES = 32;
  private static final int SEED = 0xface2014;
  private static final long UINT32_MAX = 0xffffffffL;

  private final double[] weights;
  private final long[] thresholds;

  public WeightedCh3Hash(double[] weights) {
    if (weights.length < 1 || weights.length > FurcHash.MAX_BUCKETS) {
      throw new IllegalArgumentException("WeightedCh3 needs 1 to 2^23 weights");
    }
    this.weights = weights.clone();
    this.thresholds = new long[weights.length];
    for (int i = 0; i < weights.length; i++) {
      double w = weights[i];
      if (!(w >= 0 && w <= 1)) {
        throw new IllegalArgumentException("weight " + i + " must be in [0, 1], got " + w);
      }
      thresholds[i] = (long) (w * UINT32_MAX);
    }
  }

  @Override
  public int buckets() {
    return weights.length;
  }

  @Override
  public int bucket(byte[] key, int off, int len) {
    int n = weights.length;
    byte[] current = key;
    int curOff = off;
    int curLen = len;
    byte[] salted = null;
    int index = 0;
    for (int attempt = 0; attempt < TRIES; attempt++) {
      index = FurcHash.hash(current, curOff, curLen, n);
      long p = SpookyHashV2.hash32(current, curOff, curLen, SEED) & UINT32_MAX;
      if (p < thresholds[index]) {
        return index;
      }
      if (salted == null) {
        salted = Arrays.copyOf(Arrays.copyOfRange(key, off, off + len), len + 12);
      }
      int pos = len;
      int s = attempt;
      do {
        salted[pos++] = (byte) ('0' + s % 10);
        s /= 10;
      } while (s > 0);
      current = salted;
      curOff = 0;
      curLen = pos;
    }
    return index;
  }
}
