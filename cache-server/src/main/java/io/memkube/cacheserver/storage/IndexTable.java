package io.memkube.cacheserver.storage;

import io.netty.util.internal.CleanableDirectBuffer;
import java.nio.ByteBuffer;

/**
 * A shard's hash index slots, kept in direct memory like the items, so the heap holds almost
 * nothing that lives long. A slot is five bytes: the item's reference (0 = empty) and an 8-bit tag
 * of its key's hash, which spares a look at the item's page for nearly every other key met while
 * probing. Five bytes a slot rather than a 64-bit hash-and-reference keeps the index at 7-13 bytes
 * an item (memcached's is 8 at its fullest).
 */
final class IndexTable {
  /** Bytes a slot takes: the 4-byte reference and the 1-byte tag. */
  static final int SLOT_BYTES = 5;

  private final CleanableDirectBuffer memory;
  private final ByteBuffer slots;
  private final int length;

  IndexTable(int length) {
    this.length = length;
    this.memory = OffHeapMemory.allocateZeroed(length * SLOT_BYTES);
    this.slots = memory.buffer();
  }

  /** The tag a key of this hash gets: bits the home slot and the shard do not use. */
  static byte tag(int hash) {
    return (byte) (hash >>> 20);
  }

  int length() {
    return length;
  }

  /** Gives the slots' memory back; the table must not be used afterwards. */
  void free() {
    memory.clean();
  }

  int ref(int i) {
    return slots.getInt(i << 2);
  }

  byte tagAt(int i) {
    return slots.get((length << 2) + i);
  }

  void set(int i, int ref, byte tag) {
    slots.putInt(i << 2, ref);
    slots.put((length << 2) + i, tag);
  }

  /** Points the slot at the item's new place (same key, so same tag). */
  void move(int i, int ref) {
    slots.putInt(i << 2, ref);
  }

  void clear(int i) {
    slots.putInt(i << 2, 0);
  }
}
