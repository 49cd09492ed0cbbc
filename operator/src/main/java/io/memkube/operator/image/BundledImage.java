package io.memkube.operator.image;

/**
 * Whether a container runs one of memkube's own programs (the cache server, the proxy): only those
 * understand memkube-only flags such as {@code --health-port}. Another image a spec may name
 * ({@code memcached:1.6}, mcrouter) gets the flags it shares with them alone.
 */
public final class BundledImage {

  private BundledImage() {}

  /** The spec's image when it names one, else the operator's configured image. */
  public static String of(String specImage, String configuredImage) {
    return specImage != null ? specImage : configuredImage;
  }

  /**
   * True when the spec names no image, or the configured image's repository with any tag or digest
   * (an upgrade pinned by hand still counts).
   */
  public static boolean isBundled(String specImage, String configuredImage) {
    return specImage == null || repository(specImage).equals(repository(configuredImage));
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
