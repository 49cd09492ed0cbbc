package io.memkube.cacheserver.stats;

/**
 * memcached's slab class table (96-byte chunks growing by 1.25, 8-byte aligned, up to half a page),
 * used to report the class an item would have in memcached ({@code me}'s {@code cls}).
 */
public final class SlabClasses {
  private static final int[] SIZES = build();

  private SlabClasses() {}

  private static int[] build() {
    int[] sizes = new int[64];
    int n = 0;
    double size = 96;
    int max = 512 * 1024;
    while (n < 63 && size <= max / 1.25) {
      int s = (int) size;
      if (s % 8 != 0) {
        s += 8 - (s % 8);
      }
      sizes[n++] = s;
      size = s * 1.25;
    }
    sizes[n++] = max;
    return java.util.Arrays.copyOf(sizes, n);
  }

  /** The 1-based class id for an item of memcached size {@code ntotal}. */
  public static int classOf(long ntotal) {
    for (int i = 0; i < SIZES.length; i++) {
      if (ntotal <= SIZES[i]) {
        return i + 1;
      }
    }
    return SIZES.length;
  }
}
