package io.memkube.cacheserver.storage;

import io.netty.buffer.ByteBuf;

/**
 * memcached's {@code do_store_item}: set/add/replace/append/prepend/cas semantics over a locked
 * {@link CacheHandle}, including the CAS test every mode honours and meta's stale CAS ({@code ms
 * I}).
 */
public final class ItemStorer {
  /** Counters memcached keeps for CAS (cas_misses, cas_hits, cas_badval). */
  public long casMisses;

  public long casHits;
  public long casBadval;

  /** memcached's size of the item the last CAS compared against. */
  public long casItemSize;

  /** CAS of the stored item after {@link StoreResult#STORED}. */
  public long storedCas;

  /**
   * Stores a value for the key {@code h} has locked.
   *
   * @param exptime relative exptime (already through the clock's realtime rule)
   * @param casIn compare value (0 = none)
   * @param casStale meta {@code I}: a lower CAS stores the value but marks it stale
   */
  public StoreResult store(
      CacheHandle h,
      StoreMode mode,
      long clientFlags,
      int exptime,
      ByteBuf data,
      int dataStart,
      int dataLength,
      long casIn,
      boolean casStale,
      boolean keyBinary) {
    if (!h.cache().casEnabled()) {
      casIn = 0; // -C: the new item carries no CAS, so memcached compares nothing
    }
    if (h.found()) {
      long oldCas = h.cas();
      int casRes; // 0 none, 1 match, 2 stale, 3 badval
      if (casIn == 0) {
        casRes = 0;
      } else if (casIn == oldCas) {
        casRes = 1;
      } else if (casStale && Long.compareUnsigned(casIn, oldCas) < 0) {
        casRes = 2;
      } else {
        casRes = 3;
      }
      if (casRes != 0 || mode == StoreMode.CAS) {
        // memcached counts cas_hits and cas_badval in the slab class of the item compared against
        casItemSize = h.memcachedSize();
      }
      switch (mode) {
        case ADD:
          h.touchTime();
          return StoreResult.NOT_STORED;
        case CAS:
          if (casRes == 1 || casRes == 2) {
            casHits++;
            if (casRes == 1) {
              long inPlace =
                  h.overwriteInPlace(clientFlags, exptime, data, dataStart, dataLength, keyBinary);
              if (inPlace != 0) {
                storedCas = inPlace;
                return StoreResult.STORED;
              }
            }
            boolean tokenSent = h.tokenSent();
            int oldExp = h.exptime();
            if (!allocateAndCopy(h, clientFlags, exptime, data, dataStart, dataLength, keyBinary)) {
              return StoreResult.NO_MEMORY;
            }
            if (casRes == 2) {
              h.setNewExptime(oldExp);
              h.setNewItemFlag(ItemLayout.F_STALE);
              if (tokenSent) {
                h.setNewItemFlag(ItemLayout.F_TOKEN_SENT);
              }
            }
            storedCas = h.linkNew();
            return StoreResult.STORED;
          }
          casBadval++;
          return StoreResult.EXISTS;
        case APPEND, PREPEND:
          if (casRes != 0 && casRes != 1) {
            return StoreResult.EXISTS;
          }
          return concatenate(h, mode, data, dataStart, dataLength);
        default: // SET, REPLACE
          long inPlace =
              h.overwriteInPlace(clientFlags, exptime, data, dataStart, dataLength, keyBinary);
          if (inPlace != 0) {
            storedCas = inPlace;
            return StoreResult.STORED;
          }
          if (!allocateAndCopy(h, clientFlags, exptime, data, dataStart, dataLength, keyBinary)) {
            return StoreResult.NO_MEMORY;
          }
          storedCas = h.linkNew();
          return StoreResult.STORED;
      }
    }
    switch (mode) {
      case ADD, SET:
        if (!allocateAndCopy(h, clientFlags, exptime, data, dataStart, dataLength, keyBinary)) {
          return StoreResult.NO_MEMORY;
        }
        storedCas = h.linkNew();
        return StoreResult.STORED;
      case CAS:
        casMisses++;
        return StoreResult.NOT_FOUND;
      default:
        return StoreResult.NOT_STORED;
    }
  }

  private static boolean allocateAndCopy(
      CacheHandle h,
      long clientFlags,
      int exptime,
      ByteBuf data,
      int dataStart,
      int dataLength,
      boolean keyBinary) {
    if (!h.allocate(clientFlags, exptime, dataLength)) {
      return false;
    }
    h.putValue(0, data, dataStart, dataLength);
    if (keyBinary) {
      h.setNewKeyBinary();
    }
    return true;
  }

  private static StoreResult concatenate(
      CacheHandle h, StoreMode mode, ByteBuf data, int dataStart, int dataLength) {
    long flags = h.flags();
    int exptime = h.exptime();
    int oldLength = h.valueLength();
    if (h.cache().memcachedItemSize(h.keyLengthLocked(), flags, (long) oldLength + dataLength)
        > h.cache().itemSizeMax()) {
      return StoreResult.NOT_STORED; // memcached's do_item_alloc fails: NOT_STORED
    }
    if (!h.allocate(flags, exptime, oldLength + dataLength)) {
      return StoreResult.NOT_STORED;
    }
    if (!h.found() || h.valueLength() != oldLength) {
      return StoreResult.NOT_STORED; // evicted while making room
    }
    boolean append = mode == StoreMode.APPEND;
    if (append) {
      h.copyFoundValueToNew(0);
      h.putValue(oldLength, data, dataStart, dataLength);
    } else {
      h.putValue(0, data, dataStart, dataLength);
      h.copyFoundValueToNew(dataLength);
    }
    h.linkNew();
    return StoreResult.STORED;
  }
}
