package io.memkube.operator.cache;

import io.memkube.api.v1alpha1.MemcachedClusterSpec;

/**
 * The image of the cache-server container, and whether it is memkube's own server: only that one
 * understands memkube-only flags such as {@code --health-port}. Another memcached-compatible image
 * ({@code memcached:1.6}) gets memcached's flags alone.
 */
public final class ServerImage {

  private ServerImage() {}

  /** {@code spec.image}, else the operator's configured cache-server image. */
  public static String of(MemcachedClusterSpec spec, String bundledImage) {
    return spec.getImage() != null ? spec.getImage() : bundledImage;
  }

  /**
   * True when the container runs memkube's cache server: {@code spec.image} unset, or naming the
   * configured image's repository with any tag or digest (an upgrade pinned by hand still counts).
   */
  public static boolean isMemkube(MemcachedClusterSpec spec, String bundledImage) {
    return spec.getImage() == null || repository(spec.getImage()).equals(repository(bundledImage));
  }

  /**
   * The image reference without its digest ({@code @sha256:...}) and tag ({@code :1.0}); a colon
   * before the last slash is a registry port ({@code localhost:5000/memkube/cache-server}).
   */
  static String repository(String image) {
    String name = image.strip();
    int at = name.indexOf('@');
    if (at >= 0) {
      name = name.substring(0, at);
    }
    int colon = name.lastIndexOf(':');
    if (colon > name.lastIndexOf('/')) {
      name = name.substring(0, colon);
    }
    return name;
  }
}
