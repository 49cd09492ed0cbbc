package io.memkube.proxy.hash;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/**
 * The ketama continuum of libmemcached and twemproxy ({@code hash: md5, distribution: ketama}), so
 * that clients moving from those keep their key placement: 160 points per server (scaled by
 * weight), four points per MD5 of {@code "name-i"}, where a server's name is its host when its port
 * is 11211 and {@code host:port} otherwise; a key goes to the first point at or after the low 32
 * bits of its MD5, wrapping around.
 */
public final class KetamaRing implements HashFunction {
  private static final int POINTS_PER_SERVER = 160;
  private static final int POINTS_PER_HASH = 4;

  /** Looking MD5 up per key costs more than hashing the key; digests are reset by digest(). */
  private static final ThreadLocal<MessageDigest> THREAD_MD5 =
      ThreadLocal.withInitial(KetamaRing::md5);

  private final long[] points;
  private final int[] owners;
  private final int buckets;

  /** How keys are hashed onto the ring; null: MD5 (the default of both), kept on its fast path. */
  private final KeyHash keyHash;

  /**
   * @param names each server's ketama name, see {@link #nameOf(String, int)}
   * @param weights relative weights (twemproxy's integers or mcrouter's fractions)
   */
  public KetamaRing(List<String> names, double[] weights) {
    this(names, weights, null);
  }

  /**
   * twemproxy's ketama with another key hash ({@code hash: fnv1a_64, distribution: ketama}): the
   * points are still MD5s of the server names, keys are hashed with {@code keyHash}.
   */
  public KetamaRing(List<String> names, double[] weights, KeyHash keyHash) {
    this.keyHash = keyHash == KeyHash.MD5 ? null : keyHash;
    if (names.isEmpty() || names.size() != weights.length) {
      throw new IllegalArgumentException("ketama needs one weight per server");
    }
    this.buckets = names.size();
    double total = 0;
    int live = 0;
    for (double w : weights) {
      if (w > 0) {
        total += w;
        live++;
      }
    }
    long[] pts = new long[POINTS_PER_SERVER * 4 * live + 4];
    int[] own = new int[pts.length];
    int count = 0;
    MessageDigest md5 = md5();
    for (int s = 0; s < names.size(); s++) {
      if (weights[s] <= 0) {
        continue;
      }
      // twemproxy computes the share in single precision; so do we, for identical point counts.
      float pct = (float) weights[s] / (float) total;
      int perServer =
          (int)
              (Math.floor((float) (pct * POINTS_PER_SERVER / 4 * (float) live + 0.0000000001)) * 4);
      for (int i = 0; i < perServer / POINTS_PER_HASH; i++) {
        byte[] digest = md5.digest((names.get(s) + "-" + i).getBytes(StandardCharsets.UTF_8));
        for (int x = 0; x < POINTS_PER_HASH; x++) {
          if (count == pts.length) {
            pts = Arrays.copyOf(pts, pts.length * 2);
            own = Arrays.copyOf(own, own.length * 2);
          }
          pts[count] = low32(digest, x * 4);
          own[count] = s;
          count++;
        }
      }
    }
    this.points = new long[count];
    this.owners = new int[count];
    sortInto(pts, own, count, points, owners);
  }

  private KetamaRing(long[] points, int[] owners, int buckets, KeyHash keyHash) {
    this.points = points;
    this.owners = owners;
    this.buckets = buckets;
    this.keyHash = keyHash == KeyHash.MD5 ? null : keyHash;
  }

  /**
   * libmemcached's ketama without weights ({@code MEMCACHED_BEHAVIOR_KETAMA}, not {@code
   * KETAMA_WEIGHTED}): 100 points per server, one per hash of {@code "name-i"}, points and keys
   * hashed with the same function (libmemcached 1.0 keeps its default, one_at_a_time, unless the
   * hash is set too).
   */
  public static KetamaRing libmemcachedUnweighted(List<String> names, KeyHash keyHash) {
    return libmemcachedUnweighted(names, keyHash, keyHash);
  }

  /**
   * ... with the points hashed by {@code pointHash}: libmemcached hashes them with the hash set
   * when the continuum was built, so a client that sets the key hash after adding its servers (as
   * pylibmc's behaviors do) has points of its default, one_at_a_time, and keys of the other.
   */
  public static KetamaRing libmemcachedUnweighted(
      List<String> names, KeyHash pointHash, KeyHash keyHash) {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("ketama needs servers");
    }
    int per = 100;
    long[] pts = new long[names.size() * per];
    int[] own = new int[pts.length];
    int count = 0;
    for (int s = 0; s < names.size(); s++) {
      for (int i = 0; i < per; i++) {
        byte[] label = (names.get(s) + "-" + i).getBytes(StandardCharsets.UTF_8);
        pts[count] = pointHash.hash(label, 0, label.length);
        own[count++] = s;
      }
    }
    long[] points = new long[count];
    int[] owners = new int[count];
    sortInto(pts, own, count, points, owners);
    return new KetamaRing(points, owners, names.size(), keyHash);
  }

  private static void sortInto(long[] pts, int[] own, int count, long[] points, int[] owners) {
    Integer[] order = new Integer[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Long.compare(pts[x], pts[y]));
    for (int i = 0; i < count; i++) {
      points[i] = pts[order[i]];
      owners[i] = own[order[i]];
    }
  }

  /** libmemcached's and twemproxy's name for a server on the ring. */
  public static String nameOf(String host, int port) {
    return port == 11211 ? host : host + ":" + port;
  }

  @Override
  public int buckets() {
    return buckets;
  }

  @Override
  public int bucket(byte[] key, int off, int len) {
    if (points.length == 0) {
      return 0;
    }
    long hash;
    if (keyHash == null) {
      MessageDigest md5 = THREAD_MD5.get();
      md5.update(key, off, len);
      hash = low32(md5.digest(), 0);
    } else {
      hash = keyHash.hash(key, off, len);
    }
    int left = 0;
    int right = points.length;
    while (left < right) {
      int mid = (left + right) >>> 1;
      if (points[mid] < hash) {
        left = mid + 1;
      } else {
        right = mid;
      }
    }
    return owners[right == points.length ? 0 : right];
  }

  private static long low32(byte[] d, int i) {
    return (d[i] & 0xffL)
        | (d[i + 1] & 0xffL) << 8
        | (d[i + 2] & 0xffL) << 16
        | (d[i + 3] & 0xffL) << 24;
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always provides MD5", e);
    }
  }
}
