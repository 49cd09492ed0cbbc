package io.memkube.proxy.hash;

/**
 * Austin Appleby's MurmurHash64A, reading 8-byte words little-endian as mcrouter does on x86-64, so
 * that {@link FurcHash} places keys exactly where mcrouter places them.
 */
public final class MurmurHash64A {
  static final long M = 0xc6a4a7935bd1e995L;
  static final int R = 47;

  private MurmurHash64A() {}

  public static long hash(byte[] key, int off, int len, long seed) {
    long h = seed ^ (len * M);
    int end = off + (len & ~7);
    int i = off;
    for (; i < end; i += 8) {
      long k = littleEndianLong(key, i);
      k *= M;
      k ^= k >>> R;
      k *= M;
      h ^= k;
      h *= M;
    }
    int rest = len & 7;
    if (rest > 0) {
      for (int b = rest - 1; b >= 0; b--) {
        h ^= (key[i + b] & 0xffL) << (8 * b);
      }
      h *= M;
    }
    h ^= h >>> R;
    h *= M;
    h ^= h >>> R;
    return h;
  }

  /** The hash of the 8 little-endian bytes of {@code word}, without building the byte array. */
  public static long hashWord(long word, long seed) {
    long h = seed ^ (8 * M);
    long k = word * M;
    k ^= k >>> R;
    k *= M;
    h ^= k;
    h *= M;
    h ^= h >>> R;
    h *= M;
    h ^= h >>> R;
    return h;
  }

  static long littleEndianLong(byte[] b, int i) {
    return (b[i] & 0xffL)
        | (b[i + 1] & 0xffL) << 8
        | (b[i + 2] & 0xffL) << 16
        | (b[i + 3] & 0xffL) << 24
        | (b[i + 4] & 0xffL) << 32
        | (b[i + 5] & 0xffL) << 40
        | (b[i + 6] & 0xffL) << 48
        | (b[i + 7] & 0xffL) << 56;
  }
}
