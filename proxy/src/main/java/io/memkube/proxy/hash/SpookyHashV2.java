package io.memkube.proxy.hash;

/**
 * Bob Jenkins' SpookyHash V2 (as in folly::hash::SpookyHashV2), 32- and 64-bit results. WeightedCh3
 * uses it for its acceptance test, so it must match bit for bit: words are read little-endian.
 */
public final class SpookyHashV2 {
  private static final long SC_CONST = 0xdeadbeefdeadbeefL;
  private static final int NUM_VARS = 12;
  private static final int BLOCK_SIZE = NUM_VARS * 8;
  private static final int BUF_SIZE = 2 * BLOCK_SIZE;

  private SpookyHashV2() {}

  public static int hash32(byte[] message, int off, int length, int seed) {
    long[] h = hash128(message, off, length, seed & 0xffffffffL, seed & 0xffffffffL);
    return (int) h[0];
  }

  /**
   * Hash64: the first word of Hash128 seeded with {@code seed} twice (folly's {@code
   * hasher<std::string>} is this with seed 0, which mcrouter's OriginalClientHashRoute uses).
   */
  public static long hash64(byte[] message, int off, int length, long seed) {
    return hash128(message, off, length, seed, seed)[0];
  }

  static long[] hash128(byte[] msg, int off, int length, long seed1, long seed2) {
    if (length < BUF_SIZE) {
      return shortHash(msg, off, length, seed1, seed2);
    }
    long[] s = new long[NUM_VARS];
    s[0] = s[3] = s[6] = s[9] = seed1;
    s[1] = s[4] = s[7] = s[10] = seed2;
    s[2] = s[5] = s[8] = s[11] = SC_CONST;
    long[] data = new long[NUM_VARS];
    int blocks = length / BLOCK_SIZE;
    int p = off;
    for (int b = 0; b < blocks; b++) {
      for (int i = 0; i < NUM_VARS; i++) {
        data[i] = MurmurHash64A.littleEndianLong(msg, p + i * 8);
      }
      mix(data, s);
      p += BLOCK_SIZE;
    }
    int remainder = length - blocks * BLOCK_SIZE;
    byte[] buf = new byte[BLOCK_SIZE];
    System.arraycopy(msg, p, buf, 0, remainder);
    buf[BLOCK_SIZE - 1] = (byte) remainder;
    for (int i = 0; i < NUM_VARS; i++) {
      data[i] = MurmurHash64A.littleEndianLong(buf, i * 8);
    }
    end(data, s);
    return new long[] {s[0], s[1]};
  }

  private static long[] shortHash(byte[] msg, int off, int length, long seed1, long seed2) {
    int remainder = length % 32;
    long a = seed1;
    long b = seed2;
    long c = SC_CONST;
    long d = SC_CONST;
    int p = off;
    if (length > 15) {
      int end = off + (length / 32) * 32;
      for (; p < end; p += 32) {
        c += word(msg, p);
        d += word(msg, p + 8);
        long[] v = shortMix(a, b, c, d);
        a = v[0] + word(msg, p + 16);
        b = v[1] + word(msg, p + 24);
        c = v[2];
        d = v[3];
      }
      if (remainder >= 16) {
        c += word(msg, p);
        d += word(msg, p + 8);
        long[] v = shortMix(a, b, c, d);
        a = v[0];
        b = v[1];
        c = v[2];
        d = v[3];
        p += 16;
        remainder -= 16;
      }
    }
    d += ((long) length) << 56;
    switch (remainder) {
      case 15, 14, 13, 12 -> {
        for (int i = remainder - 1; i >= 12; i--) {
          d += (msg[p + i] & 0xffL) << (8 * (i - 8));
        }
        d += int32(msg, p + 8);
        c += word(msg, p);
      }
      case 11, 10, 9, 8 -> {
        for (int i = remainder - 1; i >= 8; i--) {
          d += (msg[p + i] & 0xffL) << (8 * (i - 8));
        }
        c += word(msg, p);
      }
      case 7, 6, 5, 4 -> {
        for (int i = remainder - 1; i >= 4; i--) {
          c += (msg[p + i] & 0xffL) << (8 * i);
        }
        c += int32(msg, p);
      }
      case 3, 2, 1 -> {
        for (int i = remainder - 1; i >= 0; i--) {
          c += (msg[p + i] & 0xffL) << (8 * i);
        }
      }
      default -> {
        c += SC_CONST;
        d += SC_CONST;
      }
    }
    return shortEnd(a, b, c, d);
  }

  private static long word(byte[] msg, int p) {
    return MurmurHash64A.littleEndianLong(msg, p);
  }

  private static long int32(byte[] msg, int p) {
    return (msg[p] & 0xffL)
        | (msg[p + 1] & 0xffL) << 8
        | (msg[p + 2] & 0xffL) << 16
        | (msg[p + 3] & 0xffL) << 24;
  }

  private static long[] shortMix(long h0, long h1, long h2, long h3) {
    h2 = Long.rotateLeft(h2, 50);
    h2 += h3;
    h0 ^= h2;
    h3 = Long.rotateLeft(h3, 52);
    h3 += h0;
    h1 ^= h3;
    h0 = Long.rotateLeft(h0, 30);
    h0 += h1;
    h2 ^= h0;
    h1 = Long.rotateLeft(h1, 41);
    h1 += h2;
    h3 ^= h1;
    h2 = Long.rotateLeft(h2, 54);
    h2 += h3;
    h0 ^= h2;
    h3 = Long.rotateLeft(h3, 48);
    h3 += h0;
    h1 ^= h3;
    h0 = Long.rotateLeft(h0, 38);
    h0 += h1;
    h2 ^= h0;
    h1 = Long.rotateLeft(h1, 37);
    h1 += h2;
    h3 ^= h1;
    h2 = Long.rotateLeft(h2, 62);
    h2 += h3;
    h0 ^= h2;
    h3 = Long.rotateLeft(h3, 34);
    h3 += h0;
    h1 ^= h3;
    h0 = Long.rotateLeft(h0, 5);
    h0 += h1;
    h2 ^= h0;
    h1 = Long.rotateLeft(h1, 36);
    h1 += h2;
    h3 ^= h1;
    return new long[] {h0, h1, h2, h3};
  }

  private static long[] shortEnd(long h0, long h1, long h2, long h3) {
    h3 ^= h2;
    h2 = Long.rotateLeft(h2, 15);
    h3 += h2;
    h0 ^= h3;
    h3 = Long.rotateLeft(h3, 52);
    h0 += h3;
    h1 ^= h0;
    h0 = Long.rotateLeft(h0, 26);
    h1 += h0;
    h2 ^= h1;
    h1 = Long.rotateLeft(h1, 51);
    h2 += h1;
    h3 ^= h2;
    h2 = Long.rotateLeft(h2, 28);
    h3 += h2;
    h0 ^= h3;
    h3 = Long.rotateLeft(h3, 9);
    h0 += h3;
    h1 ^= h0;
    h0 = Long.rotateLeft(h0, 47);
    h1 += h0;
    h2 ^= h1;
    h1 = Long.rotateLeft(h1, 54);
    h2 += h1;
    h3 ^= h2;
    h2 = Long.rotateLeft(h2, 32);
    h3 += h2;
    h0 ^= h3;
    h3 = Long.rotateLeft(h3, 25);
    h0 += h3;
    h1 ^= h0;
    h0 = Long.rotateLeft(h0, 63);
    h1 += h0;
    return new long[] {h0, h1, h2, h3};
  }

  private static final int[] MIX_ROT = {11, 32, 43, 31, 17, 28, 39, 57, 55, 54, 22, 46};

  private static void mix(long[] data, long[] s) {
    for (int i = 0; i < NUM_VARS; i++) {
      s[i] += data[i];
      s[(i + 2) % NUM_VARS] ^= s[(i + 10) % NUM_VARS];
      s[(i + 11) % NUM_VARS] ^= s[i];
      s[i] = Long.rotateLeft(s[i], MIX_ROT[i]);
      s[(i + 11) % NUM_VARS] += s[(i + 1) % NUM_VARS];
    }
  }

  private static final int[] END_ROT = {44, 15, 34, 21, 38, 33, 10, 13, 38, 53, 42, 54};

  private static void endPartial(long[] h) {
    for (int i = 0; i < NUM_VARS; i++) {
      // h[i+11] += h[i+1]; h[i+2] ^= h[i+11]; h[i+1] = rot(h[i+1], r)
      h[(i + 11) % NUM_VARS] += h[(i + 1) % NUM_VARS];
      h[(i + 2) % NUM_VARS] ^= h[(i + 11) % NUM_VARS];
      h[(i + 1) % NUM_VARS] = Long.rotateLeft(h[(i + 1) % NUM_VARS], END_ROT[i]);
    }
  }

  private static void end(long[] data, long[] h) {
    for (int i = 0; i < NUM_VARS; i++) {
      h[i] += data[i];
    }
    endPartial(h);
    endPartial(h);
    endPartial(h);
  }
}
