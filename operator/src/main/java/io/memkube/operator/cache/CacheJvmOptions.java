package io.memkube.operator.cache;

import io.memkube.api.v1alpha1.MemcachedClusterSpec;

/**
 * JVM options of the cache server, passed as {@code JDK_JAVA_OPTIONS} (read by the {@code java}
 * launcher, ignored by a non-Java image such as memcached itself). The cache lives in direct
 * memory, whose limit is by default the heap's maximum: without these options a container would cap
 * the cache at a fraction of {@code spec.memory}. Only the sizes are the operator's: the options
 * that do not depend on the spec (collector, compiler, native heap trimming) are in the image's
 * entrypoint, as docs/cache-server.md lists them.
 */
public final class CacheJvmOptions {

  /** Heap of the cache server: connections and per-request garbage only, not the items. */
  static final long HEAP_MEBIBYTES = 64;

  private CacheJvmOptions() {}

  /** The value of {@code JDK_JAVA_OPTIONS}. */
  public static String of(MemcachedClusterSpec spec) {
    return String.format(
        "-XX:MaxDirectMemorySize=%dm -Xmx%dm -XX:+ExitOnOutOfMemoryError",
        maxDirectMemoryMebibytes(spec), HEAP_MEBIBYTES);
  }

  /** Item pages and the hash index: {@code -m} x 1.2 + 128 MiB. */
  public static long maxDirectMemoryMebibytes(MemcachedClusterSpec spec) {
    return CacheServerArgs.memoryMegabytes(spec) * 6 / 5 + 128;
  }
}
