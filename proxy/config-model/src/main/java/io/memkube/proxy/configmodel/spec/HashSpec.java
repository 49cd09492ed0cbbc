package io.memkube.proxy.configmodel.spec;

/**
 * A route's choice of hash function, checked: {@code func} is one of {@link #FUNCTIONS}, the key
 * hashes are among {@link #KEY_HASHES}.
 *
 * @param func the function, lower case
 * @param salt mcrouter's salt, appended to the key before hashing ("" for none)
 * @param weights the route's own weights (of the hash object), or null for the pool's
 * @param keyHash twemproxy's name of the hash of keys
 * @param pointHash the hash of ketama's points (libmemcached_ketama's {@code continuum_hash})
 */
public record HashSpec(
    String func, String salt, double[] weights, String keyHash, String pointHash) {

  /** Every function, by the (lower-case) name {@code func} has. */
  public static final java.util.List<String> FUNCTIONS =
      java.util.List.of(
          "ch3", "crc32", "weightedch3", "ketama", "modula", "random", "libmemcached_ketama");

  /** twemproxy's key hashes, by the names its config (and {@code hash}) gives them. */
  public static final java.util.List<String> KEY_HASHES =
      java.util.List.of(
          "one_at_a_time",
          "md5",
          "crc16",
          "crc32",
          "crc32a",
          "fnv1_64",
          "fnv1a_64",
          "fnv1_32",
          "fnv1a_32",
          "hsieh",
          "murmur",
          "jenkins");

  /** mcrouter's default: Ch3 without salt. */
  public static final HashSpec DEFAULT = new HashSpec("ch3", "", null, "md5", "md5");

  public HashSpec withSalt(String newSalt) {
    return new HashSpec(func, newSalt, weights, keyHash, pointHash);
  }

  public HashSpec withFunc(String newFunc) {
    return new HashSpec(newFunc, salt, weights, keyHash, pointHash);
  }
}
