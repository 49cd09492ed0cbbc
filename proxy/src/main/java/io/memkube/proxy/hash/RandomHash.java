package io.memkube.proxy.hash;

import java.util.concurrent.ThreadLocalRandom;

/** twemproxy's {@code distribution: random}: any server, whatever the key. */
public final class RandomHash implements HashFunction {
  private final int buckets;

  public RandomHash(int buckets) {
    this.buckets = buckets;
  }

  @Override
  public int bucket(byte[] key, int off, int len) {
    return ThreadLocalRandom.current().nextInt(buckets);
  }

  @Override
  public int buckets() {
    return buckets;
  }
}
