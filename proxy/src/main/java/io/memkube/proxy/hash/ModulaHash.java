package io.memkube.proxy.hash;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * twemproxy's {@code distribution: modula}: the key's hash modulo the total weight, each server
 * holding as many consecutive slots as its (integer) weight, the servers in the order of their
 * names (twemproxy sorts its server list; checked against nutcracker 0.5.0, which puts keys by the
 * sorted order whatever the config's).
 */
public final class ModulaHash implements HashFunction {
  private final KeyHash keyHash;
  private final int[] slots;
  private final int buckets;

  /**
   * @param names the servers' names as twemproxy knows them ({@link KetamaRing#nameOf}), by which
   *     it orders them
   */
  public ModulaHash(KeyHash keyHash, int[] weights, List<String> names) {
    this.keyHash = keyHash;
    this.buckets = weights.length;
    Integer[] order = new Integer[weights.length];
    for (int s = 0; s < order.length; s++) {
      order[s] = s;
    }
    Arrays.sort(order, Comparator.comparing(names::get));
    int total = 0;
    for (int w : weights) {
      total += Math.max(1, w);
    }
    slots = new int[total];
    int i = 0;
    for (int s : order) {
      for (int w = 0; w < Math.max(1, weights[s]); w++) {
        slots[i++] = s;
      }
    }
  }

  @Override
  public int bucket(byte[] key, int off, int len) {
    return slots[(int) (keyHash.hash(key, off, len) % slots.length)];
  }

  @Override
  public int buckets() {
    return buckets;
  }
}
