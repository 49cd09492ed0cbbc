package io.memkube.proxy.hash;

/**
 * twemproxy's {@code distribution: modula}: the key's hash modulo the total weight, each server
 * holding as many consecutive slots as its (integer) weight; libmemcached's default distribution is
 * the same with weights 1.
 */
public final class ModulaHash implements HashFunction {
  private final KeyHash keyHash;
  private final int[] slots;
  private final int buckets;

  public ModulaHash(KeyHash keyHash, int[] weights) {
    this.keyHash = keyHash;
    this.buckets = weights.length;
    int total = 0;
    for (int w : weights) {
      total += Math.max(1, w);
    }
    slots = new int[total];
    int i = 0;
    for (int s = 0; s < weights.length; s++) {
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
