package io.memkube.cacheserver.storage;

import static io.memkube.cacheserver.storage.ItemLayout.*;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;

/**
 * A connection's view of the cache, modelled on memcached's item lock: {@link #lock} takes the
 * stripe of a key, then the item can be found, read, changed, replaced or unlinked, and {@link
 * #release} must follow (in a finally block). Not thread-safe; one per connection.
 */
public final class CacheHandle {
  private final Cache cache;
  private Shard shard;
  private int hash;
  private ByteBuf key;
  private int keyStart;
  private int keyLength;
  private int slot = -1;
  private ByteBuffer page;
  private int off;
  private int newRef;
  private ByteBuffer newPage;
  private int newOff;
  private int newKeyStart;

  /**
   * Whether the lock is for a store: an expired or flushed item of the key is then counted as
   * reclaimed, not as a get that found it expired. memcached allocates the new item before it looks
   * the key up, and that allocation reclaims the expired item from the LRU tail (t/issue_163,
   * t/issue_183); memkube has no allocation-time reclaim, so the store over its own key is the case
   * it can count at no cost.
   */
  private boolean storing;

  /** Counters of lazy expiry found by lookups (memcached get_expired / get_flushed). */
  public long getExpired;

  public long getFlushed;

  CacheHandle(Cache cache) {
    this.cache = cache;
  }

  public Cache cache() {
    return cache;
  }

  /** Takes the lock of this key's stripe and looks the key up; returns whether a live item is. */
  public boolean lock(ByteBuf key, int keyStart, int keyLength) {
    this.key = key;
    this.keyStart = keyStart;
    this.keyLength = keyLength;
    this.hash = KeyHash.hash(key, keyStart, keyLength);
    this.shard = cache.shardFor(hash);
    this.storing = false;
    shard.lock.lock();
    return lookup();
  }

  /**
   * {@link #lock} for a storage command: the same, except that an expired or flushed item of the
   * key counts as reclaimed ({@code reclaimed}, {@code items:N:reclaimed}).
   */
  public boolean lockForStore(ByteBuf key, int keyStart, int keyLength) {
    this.key = key;
    this.keyStart = keyStart;
    this.keyLength = keyLength;
    this.hash = KeyHash.hash(key, keyStart, keyLength);
    this.shard = cache.shardFor(hash);
    this.storing = true;
    shard.lock.lock();
    return lookup();
  }

  /** Looks the locked key up again (after an allocation may have moved or evicted it). */
  public boolean lookup() {
    slot = shard.find(hash, key, keyStart, keyLength);
    if (slot < 0) {
      page = null;
      return false;
    }
    int ref = shard.refAt(slot);
    page = shard.pageOf(ref);
    off = shard.offsetOf(ref);
    if (storing && cache.isExpiredOrFlushed(page, off)) {
      shard.reclaimSlot(slot);
      slot = -1;
      page = null;
      return false;
    }
    if (cache.isFlushed(page, off)) {
      getFlushed++;
      unlink();
      return false;
    }
    if (cache.clock().expired(page.getInt(off + EXPTIME))) {
      getExpired++;
      unlink();
      return false;
    }
    return true;
  }

  /** Releases the stripe lock. */
  public void release() {
    if (newPage != null) {
      // allocated and never linked (an append whose item was evicted to make room for it): dead,
      // so that recycling its page skips it instead of looking for it in the index
      newPage.put(newOff + ITEM_FLAGS, (byte) (newPage.get(newOff + ITEM_FLAGS) | F_DEAD));
      newPage = null;
    }
    if (shard != null) {
      Shard s = shard;
      shard = null;
      page = null;
      slot = -1;
      s.lock.unlock();
    }
  }

  /** Length of the locked key. */
  public int keyLengthLocked() {
    return keyLength;
  }

  /** Whether the locked key has a live item. */
  public boolean found() {
    return slot >= 0;
  }

  public long flags() {
    return clientFlags(page, off);
  }

  /** The found item's CAS as clients see it: 0 on a server started with {@code -C}. */
  public long cas() {
    return cache.casEnabled() ? page.getLong(off + CAS) : 0;
  }

  public void setCas(long cas) {
    page.putLong(off + CAS, cas);
  }

  /** Relative exptime (0 = never). */
  public int exptime() {
    return page.getInt(off + EXPTIME);
  }

  public void setExptime(int relative) {
    shard.expiryChanged(page.getInt(off + EXPTIME), relative);
    page.putInt(off + EXPTIME, relative);
  }

  /** Relative time of the last write or counted access. */
  public int time() {
    return page.getInt(off + TIME);
  }

  public int valueLength() {
    return page.getInt(off + VALUE_LENGTH);
  }

  boolean hasItemFlag(int flag) {
    return (page.get(off + ITEM_FLAGS) & flag) != 0;
  }

  void setItemFlag(int flag, boolean on) {
    int f = page.get(off + ITEM_FLAGS);
    page.put(off + ITEM_FLAGS, (byte) (on ? f | flag : f & ~flag));
  }

  public boolean fetched() {
    return hasItemFlag(F_FETCHED);
  }

  public boolean stale() {
    return hasItemFlag(F_STALE);
  }

  public boolean tokenSent() {
    return hasItemFlag(F_TOKEN_SENT);
  }

  public void markStale() {
    setItemFlag(F_STALE, true);
  }

  public void clearTokenSent() {
    setItemFlag(F_TOKEN_SENT, false);
  }

  public void markTokenSent() {
    setItemFlag(F_TOKEN_SENT, true);
  }

  public boolean binaryKey() {
    return hasItemFlag(F_KEY_BINARY);
  }

  /** memcached's ITEM_ntotal of the found item. */
  public long memcachedSize() {
    return shard.memcachedSize(page, off);
  }

  /**
   * memcached's do_item_bump: the first fetch marks FETCHED, the second ACTIVE (and refreshes the
   * access time).
   */
  public void bump() {
    int f = page.get(off + ITEM_FLAGS);
    if ((f & F_ACTIVE) != 0) {
      return;
    }
    if ((f & F_FETCHED) == 0) {
      page.put(off + ITEM_FLAGS, (byte) (f | F_FETCHED));
    } else {
      page.put(off + ITEM_FLAGS, (byte) (f | F_ACTIVE));
      page.putInt(off + TIME, cache.clock().now());
    }
  }

  /** memcached's do_item_update for touch-like accesses: refreshes the access time. */
  public void touchTime() {
    page.putInt(off + TIME, cache.clock().now());
  }

  /** Appends the found item's value to {@code out}. */
  public void writeValue(ByteBuf out) {
    int start = valueStart(page, off);
    int len = page.getInt(off + VALUE_LENGTH);
    out.ensureWritable(len);
    int w = out.writerIndex();
    if (OffHeapMemory.canCopyTo(out) && page.isDirect()) {
      // memory to memory: setBytes(ByteBuffer) would make a ByteBuffer view of the reply buffer
      // for every value, the only garbage a get made
      OffHeapMemory.copy(page, start, out.memoryAddress() + w, len);
      out.writerIndex(w + len);
      return;
    }
    // pages are only touched under their shard's lock, so borrowing position/limit is safe
    try {
      page.limit(start + len).position(start);
      out.setBytes(w, page);
    } finally {
      page.clear();
    }
    out.writerIndex(w + len);
  }

  /** Byte {@code i} of the found item's value. */
  public byte valueByte(int i) {
    return page.get(valueStart(page, off) + i);
  }

  /** Writes the found item's key onto {@code out}. */
  public void writeKey(ByteBuf out) {
    int len = keyLength(page, off);
    int start = keyStart(page, off);
    for (int i = 0; i < len; i++) {
      out.writeByte(page.get(start + i));
    }
  }

  /** Overwrites value byte {@code i} in place (incr/decr of a same-length or shorter number). */
  public void setValueByte(int i, byte b) {
    page.put(valueStart(page, off) + i, b);
  }

  /** Unlinks the found item. */
  public void unlink() {
    shard.unlinkSlot(slot);
    slot = -1;
    page = null;
  }

  /**
   * Allocates a new item for the locked key (may evict; the found item may move or vanish, so copy
   * what you need from it first). The header and key are written; write the value with {@link
   * #putValue} and then {@link #linkNew}.
   *
   * @return false when there is no memory even after eviction
   */
  public boolean allocate(long clientFlags, int exptime, int valueLength) {
    int psize = physicalSize(keyLength, clientFlags, valueLength, cache.alignShift());
    int ref = shard.allocate(psize);
    if (ref == 0) {
      lookup();
      return false;
    }
    newRef = ref;
    newPage = shard.pageOf(ref);
    newOff = shard.offsetOf(ref);
    ByteBuffer p = newPage;
    int o = newOff;
    p.putInt(o + EXPTIME, exptime);
    p.putLong(o + CAS, 0);
    p.putInt(o + TIME, cache.clock().now());
    p.putInt(o + VALUE_LENGTH, valueLength);
    p.put(o + KEY_LENGTH, (byte) keyLength);
    if (clientFlags != 0) {
      p.put(o + ITEM_FLAGS, (byte) F_CLIENT_FLAGS);
      p.putInt(o + FLAGS, (int) clientFlags);
    } else {
      p.put(o + ITEM_FLAGS, (byte) 0);
    }
    newKeyStart = o + headerSize(clientFlags);
    for (int i = 0; i < keyLength; i++) {
      p.put(newKeyStart + i, key.getByte(keyStart + i));
    }
    lookup();
    return true;
  }

  /**
   * Replaces the found item's value in place when the new item has the same physical size
   * (memcached would free and reuse the chunk; here the bytes stay put and nothing is left dead).
   *
   * @return the new CAS, or 0 when the sizes differ and {@link #allocate} must be used
   */
  public long overwriteInPlace(
      long clientFlags, int exptime, ByteBuf data, int dataStart, int dataLength, boolean binary) {
    int shift = cache.alignShift();
    if (physicalSize(keyLength, clientFlags, dataLength, shift) != physicalSize(page, off, shift)
        || (clientFlags != 0) != hasClientFlags(page, off)) {
      return 0;
    }
    long cas = cache.nextCas();
    shard.countOut(page, off);
    shard.expiryChanged(page.getInt(off + EXPTIME), exptime);
    page.putInt(off + EXPTIME, exptime);
    page.putLong(off + CAS, cas);
    page.putInt(off + TIME, cache.clock().now());
    if (clientFlags != 0) {
      page.putInt(off + FLAGS, (int) clientFlags);
    }
    page.putInt(off + VALUE_LENGTH, dataLength);
    page.put(
        off + ITEM_FLAGS,
        (byte)
            (F_REWRITTEN | (binary ? F_KEY_BINARY : 0) | (clientFlags != 0 ? F_CLIENT_FLAGS : 0)));
    int start = valueStart(page, off);
    try {
      page.limit(start + dataLength).position(start);
      data.getBytes(dataStart, page);
    } finally {
      page.clear();
    }
    shard.countIn(page, off);
    shard.totalItems++;
    return cas;
  }

  /** Copies {@code len} bytes of {@code src} into the new item's value at {@code pos}. */
  public void putValue(int pos, ByteBuf src, int srcIndex, int len) {
    int start = newKeyStart + keyLength + pos;
    try {
      newPage.limit(start + len).position(start);
      src.getBytes(srcIndex, newPage);
    } finally {
      newPage.clear();
    }
  }

  /** Sets byte {@code pos} of the new item's value. */
  public void putValueByte(int pos, byte b) {
    newPage.put(newKeyStart + keyLength + pos, b);
  }

  /** Sets item flags on the new item before linking. */
  void setNewItemFlag(int flag) {
    newPage.put(newOff + ITEM_FLAGS, (byte) (newPage.get(newOff + ITEM_FLAGS) | flag));
  }

  /** Marks the new item's key as base64-decoded (meta {@code b}). */
  public void setNewKeyBinary() {
    setNewItemFlag(F_KEY_BINARY);
  }

  /** Sets the new item's exptime before linking. */
  public void setNewExptime(int exptime) {
    newPage.putInt(newOff + EXPTIME, exptime);
  }

  /**
   * Links the new item with a fresh CAS, replacing the found item if there is one; afterwards the
   * new item is the found item.
   */
  public long linkNew() {
    long cas = cache.nextCas();
    newPage.putLong(newOff + CAS, cas);
    shard.link(newRef, slot);
    page = newPage;
    off = newOff;
    slot = shard.find(hash, key, keyStart, keyLength);
    newPage = null;
    return cas;
  }

  /** Appends the new (not yet linked) item's value bytes from the found item's value. */
  public void copyFoundValueToNew(int pos) {
    int len = valueLength();
    int src = valueStart(page, off);
    int dst = newKeyStart + keyLength + pos;
    newPage.put(dst, page, src, len);
  }

  /** Bytes of the found item's value, copied (for values that must outlive an allocation). */
  public void copyValueTo(ByteBuf scratch) {
    scratch.clear();
    writeValue(scratch);
  }
}
