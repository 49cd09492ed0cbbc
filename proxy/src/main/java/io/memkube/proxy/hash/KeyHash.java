package io.memkube.proxy.hash;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * twemproxy's (and libmemcached's) key hash functions, by their twemproxy names, each giving an
 * unsigned 32-bit value as a long. Written from twemproxy's hashkit; where C reads a {@code char}
 * (signed on x86) the byte is sign-extended here too, so keys with bytes over 0x7f hash alike.
 */
public enum KeyHash {
  ONE_AT_A_TIME("one_at_a_time") {
    @Override
    public long hash(byte[] k, int off, int len) {
      int v = 0;
      for (int i = off; i < off + len; i++) {
        v += k[i];
        v += v << 10;
        v ^= v >>> 6;
      }
      v += v << 3;
      v ^= v >>> 11;
      v += v << 15;
      return v & MASK;
    }
  },
  MD5("md5") {
    @Override
    public long hash(byte[] k, int off, int len) {
      MessageDigest md = THREAD_MD5.get();
      md.update(k, off, len);
      byte[] d = md.digest();
      return (d[0] & 0xffL) | (d[1] & 0xffL) << 8 | (d[2] & 0xffL) << 16 | (d[3] & 0xffL) << 24;
    }
  },
  /**
   * twemproxy 0.5.0's crc16 (Debian's nutcracker, checked against it): the CRC-16/XMODEM table in a
   * 32-bit accumulator that is never masked, so bits above 16 take part. twemproxy after 0.5.0
   * changed crc16 to CRC-16/ARC, which places keys differently.
   */
  CRC16("crc16") {
    @Override
    public long hash(byte[] k, int off, int len) {
      int crc = 0;
      for (int i = off; i < off + len; i++) {
        crc = (crc << 8) ^ CRC16_XMODEM[((crc >>> 8) ^ k[i]) & 0xff];
      }
      return crc & MASK;
    }
  },
  /** libmemcached's "crc": bits 16..30 of the standard CRC-32. */
  CRC32("crc32") {
    @Override
    public long hash(byte[] k, int off, int len) {
      return (CRC32A.hash(k, off, len) >>> 16) & 0x7fff;
    }
  },
  /** The standard CRC-32. */
  CRC32A("crc32a") {
    @Override
    public long hash(byte[] k, int off, int len) {
      CRC32 c = new CRC32();
      c.update(k, off, len);
      return c.getValue();
    }
  },
  FNV1_64("fnv1_64") {
    @Override
    public long hash(byte[] k, int off, int len) {
      long h = FNV64_INIT;
      for (int i = off; i < off + len; i++) {
        h *= FNV64_PRIME;
        h ^= k[i];
      }
      return h & MASK;
    }
  },
  /** As twemproxy: a 32-bit FNV-1a with the 64-bit constants cut to 32 bits. */
  FNV1A_64("fnv1a_64") {
    @Override
    public long hash(byte[] k, int off, int len) {
      int h = (int) FNV64_INIT;
      for (int i = off; i < off + len; i++) {
        h ^= k[i];
        h *= (int) FNV64_PRIME;
      }
      return h & MASK;
    }
  },
  FNV1_32("fnv1_32") {
    @Override
    public long hash(byte[] k, int off, int len) {
      int h = FNV32_INIT;
      for (int i = off; i < off + len; i++) {
        h *= FNV32_PRIME;
        h ^= k[i];
      }
      return h & MASK;
    }
  },
  FNV1A_32("fnv1a_32") {
    @Override
    public long hash(byte[] k, int off, int len) {
      int h = FNV32_INIT;
      for (int i = off; i < off + len; i++) {
        h ^= k[i];
        h *= FNV32_PRIME;
      }
      return h & MASK;
    }
  },
  /** Paul Hsieh's SuperFastHash, starting from 0 as twemproxy's does. */
  HSIEH("hsieh") {
    @Override
    public long hash(byte[] k, int off, int len) {
      if (len <= 0) {
        return 0;
      }
      int h = 0;
      int rem = len & 3;
      int p = off;
      for (int n = len >>> 2; n > 0; n--) {
        h += le16(k, p);
        int tmp = (le16(k, p + 2) << 11) ^ h;
        h = (h << 16) ^ tmp;
        p += 4;
        h += h >>> 11;
      }
      switch (rem) {
        case 3 -> {
          h += le16(k, p);
          h ^= h << 16;
          h ^= k[p + 2] << 18;
          h += h >>> 11;
        }
        case 2 -> {
          h += le16(k, p);
          h ^= h << 11;
          h += h >>> 17;
        }
        case 1 -> {
          h += k[p] & 0xff;
          h ^= h << 10;
          h += h >>> 1;
        }
        default -> {}
      }
      h ^= h << 3;
      h += h >>> 5;
      h ^= h << 4;
      h += h >>> 17;
      h ^= h << 25;
      h += h >>> 6;
      return h & MASK;
    }
  },
  /**
   * MurmurHash2 (32-bit) seeded with {@code 0xdeadbeef * length}, as twemproxy and libmemcached.
   */
  MURMUR("murmur") {
    // the tail bytes fall through as in MurmurHash2's reference code
    @SuppressWarnings("fallthrough")
    @Override
    public long hash(byte[] k, int off, int len) {
      final int m = 0x5bd1e995;
      int h = (0xdeadbeef * len) ^ len;
      int p = off;
      int n = len;
      while (n >= 4) {
        int x = le32(k, p);
        x *= m;
        x ^= x >>> 24;
        x *= m;
        h *= m;
        h ^= x;
        p += 4;
        n -= 4;
      }
      switch (n) {
        case 3:
          h ^= (k[p + 2] & 0xff) << 16;
        // fall through
        case 2:
          h ^= (k[p + 1] & 0xff) << 8;
        // fall through
        case 1:
          h ^= k[p] & 0xff;
          h *= m;
          break;
        default:
          break;
      }
      h ^= h >>> 13;
      h *= m;
      h ^= h >>> 15;
      return h & MASK;
    }
  },
  /** Bob Jenkins' lookup3 hashlittle with initval 13, as twemproxy and libmemcached. */
  JENKINS("jenkins") {
    @Override
    public long hash(byte[] k, int off, int len) {
      int a = 0xdeadbeef + len + 13;
      int b = a;
      int c = a;
      int p = off;
      int n = len;
      while (n > 12) {
        a += le32(k, p);
        b += le32(k, p + 4);
        c += le32(k, p + 8);
        // mix
        a -= c;
        a ^= Integer.rotateLeft(c, 4);
        c += b;
        b -= a;
        b ^= Integer.rotateLeft(a, 6);
        a += c;
        c -= b;
        c ^= Integer.rotateLeft(b, 8);
        b += a;
        a -= c;
        a ^= Integer.rotateLeft(c, 16);
        c += b;
        b -= a;
        b ^= Integer.rotateLeft(a, 19);
        a += c;
        c -= b;
        c ^= Integer.rotateLeft(b, 4);
        b += a;
        n -= 12;
        p += 12;
      }
      if (n == 0) {
        return c & MASK;
      }
      // the last 1..12 bytes, little-endian, into a, b, c
      int[] w = new int[3];
      for (int i = 0; i < n; i++) {
        w[i >> 2] |= (k[p + i] & 0xff) << ((i & 3) * 8);
      }
      a += w[0];
      b += w[1];
      c += w[2];
      // final
      c ^= b;
      c -= Integer.rotateLeft(b, 14);
      a ^= c;
      a -= Integer.rotateLeft(c, 11);
      b ^= a;
      b -= Integer.rotateLeft(a, 25);
      c ^= b;
      c -= Integer.rotateLeft(b, 16);
      a ^= c;
      a -= Integer.rotateLeft(c, 4);
      b ^= a;
      b -= Integer.rotateLeft(a, 14);
      c ^= b;
      c -= Integer.rotateLeft(b, 24);
      return c & MASK;
    }
  };

  private static final long MASK = 0xffffffffL;
  private static final long FNV64_INIT = 0xcbf29ce484222325L;
  private static final long FNV64_PRIME = 0x100000001b3L;
  private static final int FNV32_INIT = (int) 2166136261L;
  private static final int FNV32_PRIME = 16777619;

  /** The CRC-16/XMODEM table (polynomial 0x1021, not reflected), built here. */
  private static final int[] CRC16_XMODEM = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int c = i << 8;
      for (int j = 0; j < 8; j++) {
        c = (c & 0x8000) != 0 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
      }
      CRC16_XMODEM[i] = c;
    }
  }

  private static final ThreadLocal<MessageDigest> THREAD_MD5 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("the JDK always provides MD5", e);
            }
          });

  private final String twemproxyName;

  KeyHash(String twemproxyName) {
    this.twemproxyName = twemproxyName;
  }

  /** The unsigned 32-bit hash of {@code k[off, off+len)}. */
  public abstract long hash(byte[] k, int off, int len);

  public String twemproxyName() {
    return twemproxyName;
  }

  /** The function with this twemproxy name ({@code fnv1a_64}...), or null. */
  public static KeyHash named(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (KeyHash h : values()) {
      if (h.twemproxyName.equals(n)) {
        return h;
      }
    }
    return null;
  }

  private static int le16(byte[] k, int p) {
    return (k[p] & 0xff) | (k[p + 1] & 0xff) << 8;
  }

  private static int le32(byte[] k, int p) {
    return (k[p] & 0xff)
        | (k[p + 1] & 0xff) << 8
        | (k[p + 2] & 0xff) << 16
        | (k[p + 3] & 0xff) << 24;
  }
}
