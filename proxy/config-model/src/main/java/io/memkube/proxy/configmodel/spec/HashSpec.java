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
          "ch3",
          "crc32",
          "weightedch3",
          "constshard",
          "ketama",
          "modula",
          "random",
          "libmemcached_ketama");

  /**
   * mcrouter's hash functions this proxy does not provide, by lower-case name, with the reason: a
   * config that names one is refused naming it, instead of "unknown hash function".
   */
  public static final java.util.Map<String, String> REFUSED =
      java.util.Map.of(
          "weightedch4",
          "mcrouter's WeightedCh4 is not implemented (WeightedCh3 is)",
          "rendezvous",
          "rendezvous hashing over 'tags' is not implemented",
          "weightedrendezvous",
          "weighted rendezvous hashing over 'tags' is not implemented",
          "latest",
          "as a PoolRoute's hash; write a LatestRoute over the pool's servers (LatestRoute|Pool|NAME),"
              + " or a HashRoute with it",
          "loadbalancer",
          "as a PoolRoute's hash; write a LoadBalancerRoute over the pool's servers"
              + " (LoadBalancerRoute|Pool|NAME), or a HashRoute with it");

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
