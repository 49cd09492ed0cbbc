package io.memkube.proxy.hash;

/**
 * mcrouter's ConstShard hash function: a key that carries its shard, {@code prefix:<digits>:rest},
 * goes to the child of that number (the digits between the first and the second colon); a key
 * without one, or whose number is not below the number of children, is hashed with Ch3.
 */
public final class ConstShardHash implements HashFunction {
  private final Ch3Hash ch3;

  public ConstShardHash(int buckets) {
    this.ch3 = new Ch3Hash(buckets);
  }

  @Override
  public int bucket(byte[] key, int off, int len) {
    int shard = shard(key, off, len);
    return shard >= 0 ? shard : ch3.bucket(key, off, len);
  }

  /** The shard number the key names, or -1 when it names none below the number of buckets. */
  private int shard(byte[] key, int off, int len) {
    int end = off + len;
    int first = indexOf(key, off, end, (byte) ':');
    if (first < 0) {
      return -1;
    }
    int second = indexOf(key, first + 1, end, (byte) ':');
    if (second < 0 || second == first + 1) {
      return -1;
    }
    long n = 0;
    for (int i = first + 1; i < second; i++) {
      int d = key[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      n = n * 10 + d;
      if (n >= ch3.buckets()) {
        return -1; // out of range (and never an overflow)
      }
    }
    return (int) n;
  }

  private static int indexOf(byte[] key, int from, int end, byte b) {
    for (int i = from; i < end; i++) {
      if (key[i] == b) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public int buckets() {
    return ch3.buckets();
  }
}
