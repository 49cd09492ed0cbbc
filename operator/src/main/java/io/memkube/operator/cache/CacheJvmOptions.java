package io.memkube.operator.cache;

import io.memkube.api.v1alpha1.MemcachedClusterSpec;

/**
 * JVM options of the cache server, passed as {@code JDK_JAVA_OPTIONS} (read by the {@code java}
 * launcher, ignored by a non-Java image such as memcached itself). The cache lives in direct
 * memory, whose limit is by default the heap's maximum: without these options a container would cap
 * the cache at a fraction of {@code spec.memory}. The same options as the cache server's own
 * {@code io.memkube.cacheserver.cli.JvmOptions} (its benchmark measures with them), which
 * docs/cache-server.md explains one by one; the bundled image runs JDK 25, which knows them all.
 */
public final class CacheJvmOptions {

  /** Heap of the cache server: connections and per-request garbage only, not the items. */
  static final long HEAP_MEBIBYTES = 64;

  private CacheJvmOptions() {}

  /** The value of {@code JDK_JAVA_OPTIONS}. */
  public static String of(MemcachedClusterSpec spec) {
    return String.join(
        " ",
        "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow",
        "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "-XX:MaxDirectMemorySize=" + maxDirectMemoryMebibytes(spec) + "m",
        "-Xms8m",
        "-Xmn4m",
        "-Xmx" + HEAP_MEBIBYTES + "m",
        "-XX:MinHeapFreeRatio=5",
        "-XX:MaxHeapFreeRatio=15",
        "-XX:+UseSerialGC",
        "-Xss256k",
        "-XX:-TieredCompilation",
        "-XX:+UnlockExperimentalVMOptions",
        "-XX:TrimNativeHeapInterval=5000",
        "-XX:+ExitOnOutOfMemoryError");
  }

  /** Item pages and the hash index: {@code -m} x 1.2 + 128 MiB. */
  public static long maxDirectMemoryMebibytes(MemcachedClusterSpec spec) {
    return CacheServerArgs.memoryMegabytes(spec) * 6 / 5 + 128;
  }
}
