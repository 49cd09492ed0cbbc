package io.memkube.cacheserver.storage;

import io.netty.buffer.ByteBuf;

/** A fast 32-bit hash of key bytes (multiply-xorshift over 8-byte words), never zero. */
final class KeyHash {
  private static final long M = 0x9E3779B97F4A7C15L;

  private KeyHash() {}

  static int hash(ByteBuf buf, int start, int len) {
    long h = len * M;
    int i = 0;
    for (; i + 8 <= len; i += 8) {
      h = (h ^ buf.getLongLE(start + i)) * M;
      h ^= h >>> 29;
    }
    long tail = 0;
    for (int s = 0; i < len; i++, s += 8) {
      tail |= (buf.getByte(start + i) & 0xFFL) << s;
    }
    return finish(h, tail);
  }

  /** The same hash over key bytes stored in a page (items keep no hash, to save 4 bytes each). */
  static int hash(java.nio.ByteBuffer page, int start, int len) {
    long h = len * M;
    int i = 0;
    for (; i + 8 <= len; i += 8) {
      h = (h ^ Long.reverseBytes(page.getLong(start + i))) * M;
      h ^= h >>> 29;
    }
    long tail = 0;
    for (int s = 0; i < len; i++, s += 8) {
      tail |= (page.get(start + i) & 0xFFL) << s;
    }
    return finish(h, tail);
  }

  private static int finish(long h, long tail) {
    h = (h ^ tail) * M;
    h ^= h >>> 32;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 29;
    int r = (int) h;
    return r == 0 ? 1 : r;
  }
}
