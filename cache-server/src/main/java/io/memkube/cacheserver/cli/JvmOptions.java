package io.memkube.cacheserver.cli;

import java.util.List;

/**
 * The JVM options memkube-cache-server is meant to run with (docs/cache-server.md explains each;
 * the operator's pods and bin/local-cluster give the same ones). Items and the index live in direct
 * memory sized from {@code -m}; the heap only holds connections and per-request garbage, so it is
 * kept small, as is everything else the JVM keeps resident.
 */
public final class JvmOptions {
  private JvmOptions() {}

  /** Direct memory for {@code -m} megabytes of items: the pages, the index and Netty's buffers. */
  public static long maxDirectMemoryMebibytes(long memoryMegabytes) {
    return memoryMegabytes * 6 / 5 + 128;
  }

  /** The options for a server started with {@code -m memoryMegabytes} (JDK 24 or newer). */
  public static List<String> forMemory(long memoryMegabytes) {
    return List.of(
        // Netty's native transport and its off-heap buffers
        "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow",
        // lets Netty malloc pages without zero-filling them (see storage.OffHeapMemory)
        "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "-XX:MaxDirectMemorySize=" + maxDirectMemoryMebibytes(memoryMegabytes) + "m",
        "-Xms8m",
        "-Xmn4m",
        "-Xmx64m",
        "-XX:MinHeapFreeRatio=5",
        "-XX:MaxHeapFreeRatio=15",
        "-XX:+UseSerialGC",
        "-Xss256k",
        // C2 only: no profiled tier-3 code and its compiler arenas kept resident
        "-XX:-TieredCompilation",
        // gives the compiler's freed arenas and replaced index tables back to the kernel
        "-XX:+UnlockExperimentalVMOptions",
        "-XX:TrimNativeHeapInterval=5000",
        "-XX:+ExitOnOutOfMemoryError");
  }

  /**
   * Prints the options for {@code -m args[0]} megabytes (64 when absent), one a line: scripts that
   * start the jar as users would (cache-server/compat/run) take the list from here rather than
   * keeping a copy.
   */
  public static void main(String[] args) {
    long megabytes = args.length > 0 ? Long.parseLong(args[0]) : 64;
    forMemory(megabytes).forEach(System.out::println);
  }
}
