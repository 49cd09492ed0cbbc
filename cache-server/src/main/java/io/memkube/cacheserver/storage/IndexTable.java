package io.memkube.cacheserver.storage;

import java.nio.ByteBuffer;

/**
 * A shard's hash index slots, kept in direct memory like the items: the heap then holds almost
 * nothing that lives long, so a large cache never gives the collector a large object to copy. Each
 * slot is a 64-bit entry (hash in the high half, item reference in the low half; 0 = empty).
 */
final class IndexTable {
  private final ByteBuffer slots;
  private final int length;

  IndexTable(int length) {
    this.length = length;
    this.slots = ByteBuffer.allocateDirect(length * 8);
  }

  int length() {
    return length;
  }

  long get(int i) {
    return slots.getLong(i << 3);
  }

  void set(int i, long entry) {
    slots.putLong(i << 3, entry);
  }
}
