package io.memkube.operator.cache;

import io.memkube.api.v1alpha1.MemcachedClusterSpec;
import io.memkube.api.v1alpha1.Quantities;
import io.memkube.operator.naming.ClusterNames;
import java.util.ArrayList;
import java.util.List;

/**
 * The cache server's command line, derived from the spec. The flags are memcached's, so any
 * memcached-compatible image (ours, or memcached itself) can run with them; memkube's own image
 * also gets {@code --health-port}.
 */
public final class CacheServerArgs {

  private static final long KIB = 1024;
  private static final long MIB = KIB * KIB;

  private CacheServerArgs() {}

  /**
   * The arguments after the image's entrypoint.
   *
   * @param memkubeServer whether the image is memkube's own server ({@link
   *     io.memkube.operator.image.BundledImage}): it then also serves its protocol-checking probe
   *     endpoints on {@link ClusterNames#HEALTH_PORT}
   */
  public static List<String> of(MemcachedClusterSpec spec, boolean memkubeServer) {
    List<String> args = new ArrayList<>(memcachedFlags(spec));
    if (memkubeServer) {
      args.add("--health-port=" + ClusterNames.HEALTH_PORT);
    }
    return List.copyOf(args);
  }

  /** memcached's own flags, which every memcached-compatible server understands. */
  static List<String> memcachedFlags(MemcachedClusterSpec spec) {
    return List.of(
        "-p",
        Integer.toString(ClusterNames.SERVER_PORT),
        "-l",
        "0.0.0.0",
        "-U",
        "0",
        "-m",
        Long.toString(memoryMegabytes(spec)),
        "-I",
        itemSizeFlag(Quantities.bytes("spec.maxItemSize", spec.getMaxItemSize())),
        "-c",
        Integer.toString(spec.getMaxConnections()),
        "-t",
        Integer.toString(spec.getThreads()));
  }

  /** memcached's {@code -m} counts whole megabytes (MiB); a fraction is dropped. */
  public static long memoryMegabytes(MemcachedClusterSpec spec) {
    return Quantities.bytes("spec.memory", spec.getMemory()) / MIB;
  }

  /** memcached's {@code -I} takes bytes or a k/m suffix; the shortest exact form is used. */
  static String itemSizeFlag(long bytes) {
    if (bytes % MIB == 0) {
      return (bytes / MIB) + "m";
    }
    if (bytes % KIB == 0) {
      return (bytes / KIB) + "k";
    }
    return Long.toString(bytes);
  }
}
