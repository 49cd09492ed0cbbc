package io.memkube.cacheserver.storage;

import java.util.Arrays;

/**
 * memcached's slab class table: the first chunk holds its 48-byte item header plus {@code -n}
 * bytes, each next one is {@code -f} times larger (8-byte aligned, cut to an integer as memcached's
 * unsigned arithmetic cuts it), the last one is {@code slab_chunk_max}. memkube stores items
 * without chunks; the table classifies each item as memcached would, for {@code me}'s {@code cls},
 * {@code stats items} and {@code stats slabs}.
 */
public final class SlabClasses {
  /** memcached's slab page size: chunks per page are counted against it. */
  public static final int PAGE_SIZE = 1024 * 1024;

  /** memcached's {@code MAX_NUMBER_OF_SLAB_CLASSES}: class ids are 1..63. */
  private static final int MAX_CLASSES = 64;

  private static final int ITEM_HEADER = 48;
  private static final int ALIGN = 8;

  private static final SlabClasses DEFAULTS = new SlabClasses(1.25, 48, 512 * 1024);

  private final int[] sizes;

  /**
   * @param factor {@code -f}
   * @param chunkSize {@code -n}
   * @param chunkMax {@code -o slab_chunk_max}
   */
  public SlabClasses(double factor, int chunkSize, int chunkMax) {
    int[] s = new int[MAX_CLASSES];
    long size = ITEM_HEADER + chunkSize;
    int n = 0;
    while (n + 1 < MAX_CLASSES - 1 && size < chunkMax / factor) {
      if (size % ALIGN != 0) {
        size += ALIGN - size % ALIGN;
      }
      s[n++] = (int) size;
      size = (long) (size * factor);
    }
    s[n++] = chunkMax;
    this.sizes = Arrays.copyOf(s, n);
  }

  /**
   * memcached's table from {@code -o slab_sizes}: those sizes (8-byte aligned), then {@code
   * slab_chunk_max}.
   */
  public SlabClasses(int[] explicitSizes, int chunkMax) {
    int[] s = new int[explicitSizes.length + 1];
    for (int i = 0; i < explicitSizes.length; i++) {
      int size = explicitSizes[i];
      s[i] = size % ALIGN == 0 ? size : size + ALIGN - size % ALIGN;
    }
    s[explicitSizes.length] = chunkMax;
    this.sizes = s;
  }

  /** memcached's table with its default {@code -f 1.25 -n 48}. */
  public static SlabClasses defaults() {
    return DEFAULTS;
  }

  /** Number of classes; ids run from 1 to this. */
  public int count() {
    return sizes.length;
  }

  /** The chunk size of class {@code id} (1-based). */
  public int chunkSize(int id) {
    return sizes[id - 1];
  }

  /** memcached's {@code perslab}: chunks of class {@code id} in one page. */
  public int chunksPerPage(int id) {
    return PAGE_SIZE / sizes[id - 1];
  }

  /**
   * The 1-based class of an item of memcached size {@code ntotal}. Items over the largest chunk,
   * which memcached splits into chunks, count in the largest class.
   */
  public int classOf(long ntotal) {
    int i = Arrays.binarySearch(sizes, (int) Math.min(ntotal, Integer.MAX_VALUE));
    if (i < 0) {
      i = -i - 1;
    }
    return Math.min(i, sizes.length - 1) + 1;
  }
}
