package io.memkube.proxy.hash;

/** mcrouter's default hash function: furc_hash over the servers of a pool. */
public record Ch3Hash(int buckets) implements HashFunction {

  public Ch3Hash {
    if (buckets < 1 || buckets > FurcHash.MAX_BUCKETS) {
      throw new IllegalArgumentException(
          "Ch3 needs between 1 and " + FurcHash.MAX_BUCKETS + " buckets, got " + buckets);
    }
  }

  @Override
  public int bucket(byte[] key, int off, int len) {
    return FurcHash.hash(key, off, len, buckets);
  }
}
