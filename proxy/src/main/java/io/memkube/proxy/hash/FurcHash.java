package io.memkube.proxy.hash;

/**
 * mcrouter's furc_hash: a stateless consistent hash over a binary decision tree whose bits come
 * from MurmurHash64A of the key, then of each previous 64-bit word. Growing the bucket count from m
 * to m+1 moves only 1/(m+1) of the keys.
 */
public final class FurcHash {
  /** Bit-index gap per try; limits the bucket count to 2^23. */
  private static final int SHIFT = 23;

  private static final int MAX_TRIES = 32;
  private static final long SEED = 4193360111L;
  public static final int MAX_BUCKETS = 1 << SHIFT;

  private FurcHash() {}

  public static int hash(byte[] key, int off, int len, int m) {
    if (m <= 1) {
      return 0;
    }
    BitStream bits = new BitStream(key, off, len);
    int d = 0;
    while (Integer.toUnsignedLong(m) > (1L << d)) {
      d++;
    }
    int a = d;
    for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
      while (bits.bit(a) == 0) {
        if (--d == 0) {
          return 0;
        }
        a = d;
      }
      a += SHIFT;
      int num = 1;
      for (int i = 0; i < d - 1; i++) {
        num = (num << 1) | bits.bit(a);
        a += SHIFT;
      }
      if (num < m) {
        return num;
      }
    }
    return 0;
  }

  /** The lazily extended word sequence: word 0 hashes the key, word n rehashes word n-1. */
  private static final class BitStream {
    private final byte[] key;
    private final int off;
    private final int len;
    private long[] words = new long[8];
    private int computed = -1;

    BitStream(byte[] key, int off, int len) {
      this.key = key;
      this.off = off;
      this.len = len;
    }

    int bit(int idx) {
      int ord = idx >>> 6;
      if (ord > computed) {
        if (ord >= words.length) {
          words = java.util.Arrays.copyOf(words, Math.max(words.length * 2, ord + 1));
        }
        for (int n = computed + 1; n <= ord; n++) {
          words[n] =
              n == 0
                  ? MurmurHash64A.hash(key, off, len, SEED)
                  : MurmurHash64A.hashWord(words[n - 1], SEED);
        }
        computed = ord;
      }
      return (int) ((words[ord] >>> (idx & 63)) & 1);
    }
  }
}
