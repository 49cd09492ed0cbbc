package io.memkube.cacheserver.storage;

import java.nio.ByteBuffer;

/**
 * Where an item's fields sit in its page. Items are written back to back in a page, 8-byte aligned:
 * a 32-byte header, the key, then the value (no CRLF; memcached's accounting adds it).
 */
final class ItemLayout {
  static final int EXPTIME = 0;
  static final int TIME = 4;
  static final int CAS = 8;
  static final int FLAGS = 16;
  static final int VALUE_LENGTH = 20;
  static final int KEY_LENGTH = 24;
  static final int ITEM_FLAGS = 25;
  static final int HEADER = 26;

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

  private ItemLayout() {}

  static int physicalSize(int keyLength, int valueLength) {
    return (HEADER + keyLength + valueLength + 7) & ~7;
  }

  static int physicalSize(ByteBuffer page, int off) {
    return physicalSize(page.get(off + KEY_LENGTH) & 0xFF, page.getInt(off + VALUE_LENGTH));
  }
}
