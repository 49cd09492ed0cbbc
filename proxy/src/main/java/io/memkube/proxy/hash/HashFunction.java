package io.memkube.proxy.hash;

/**
 * Maps a key to one of a fixed number of buckets (servers or child routes). Instances are immutable
 * and bound to their bucket count, so they can be shared by all proxy threads.
 */
public interface HashFunction {

  /** The bucket of {@code key[off, off+len)}, in {@code [0, buckets())}. */
  int bucket(byte[] key, int off, int len);

  /** How many buckets this function spreads keys over. */
  int buckets();

  default int bucket(byte[] key) {
    return bucket(key, 0, key.length);
  }
}
