package io.memkube.cacheserver.storage;

import java.nio.ByteBuffer;

/**
 * Where an item's fields sit in its page. Items are written back to back in a page, aligned to 2
 * bytes (more for caches over 4 GiB, see {@link Cache}): a 22-byte header, the client flags (4
 * bytes, only when they are not 0, as memcached stores them), the key, then the value (no CRLF;
 * memcached's accounting adds it).
 */
final class ItemLayout {
  static final int EXPTIME = 0;
  static final int TIME = 4;
  static final int CAS = 8;
  static final int VALUE_LENGTH = 16;
  static final int KEY_LENGTH = 20;
  static final int ITEM_FLAGS = 21;
  static final int HEADER = 22;

  /** Where the client flags sit when the item has them ({@link #F_CLIENT_FLAGS}). */
  static final int FLAGS = HEADER;

  /** Unlinked: its bytes wait for the page to be recycled. */
  static final int F_DEAD = 1;

  /** Fetched at least once (memcached ITEM_FETCHED). */
  static final int F_FETCHED = 2;

  /** Fetched twice: survives one eviction pass (memcached ITEM_ACTIVE). */
  static final int F_ACTIVE = 4;

  /** Invalidated by meta {@code I} (memcached ITEM_STALE). */
  static final int F_STALE = 8;

  /** A recache token was handed out (memcached ITEM_TOKEN_SENT). */
  static final int F_TOKEN_SENT = 16;

  /** The key was sent base64-encoded (memcached ITEM_KEY_BINARY). */
  static final int F_KEY_BINARY = 32;

  /**
   * Overwritten in place by a same-size store: it keeps its old page, so it gets the second chance
   * a freshly appended item would not need.
   */
  static final int F_REWRITTEN = 64;

  /** The client flags are not 0 and follow the header. */
  static final int F_CLIENT_FLAGS = 128;

  private ItemLayout() {}

  /** Header bytes of an item with these client flags. */
  static int headerSize(long clientFlags) {
    return clientFlags != 0 ? HEADER + 4 : HEADER;
  }

  /** Bytes an item takes in its page when items start at multiples of {@code 1 << alignShift}. */
  static int physicalSize(int keyLength, long clientFlags, int valueLength, int alignShift) {
    int align = (1 << alignShift) - 1;
    return (headerSize(clientFlags) + keyLength + valueLength + align) & ~align;
  }

  static int physicalSize(ByteBuffer page, int off, int alignShift) {
    int align = (1 << alignShift) - 1;
    return (keyStart(page, off)
            - off
            + keyLength(page, off)
            + page.getInt(off + VALUE_LENGTH)
            + align)
        & ~align;
  }

  static boolean hasClientFlags(ByteBuffer page, int off) {
    return (page.get(off + ITEM_FLAGS) & F_CLIENT_FLAGS) != 0;
  }

  static long clientFlags(ByteBuffer page, int off) {
    return hasClientFlags(page, off) ? page.getInt(off + FLAGS) & 0xFFFF_FFFFL : 0;
  }

  static int keyLength(ByteBuffer page, int off) {
    return page.get(off + KEY_LENGTH) & 0xFF;
  }

  static int keyStart(ByteBuffer page, int off) {
    return hasClientFlags(page, off) ? off + HEADER + 4 : off + HEADER;
  }

  /** A copy of the item's key. */
  static byte[] key(ByteBuffer page, int off) {
    byte[] key = new byte[keyLength(page, off)];
    page.get(keyStart(page, off), key);
    return key;
  }

  static int valueStart(ByteBuffer page, int off) {
    return keyStart(page, off) + keyLength(page, off);
  }
}
