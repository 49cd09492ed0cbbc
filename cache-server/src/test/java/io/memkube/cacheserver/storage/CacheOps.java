package io.memkube.cacheserver.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/** set/get/incr through the storage API, for storage tests. */
final class CacheOps {
  final Cache cache;
  final CacheHandle h;
  final ItemStorer storer = new ItemStorer();
  final Arithmetic arithmetic = new Arithmetic();

  CacheOps(Cache cache) {
    this.cache = cache;
    this.h = cache.newHandle();
  }

  static ByteBuf bytes(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
  }

  StoreResult set(String key, String value, int exptime) {
    return store(StoreMode.SET, key, value, exptime);
  }

  /** Sets {@code prefix + i} for each i in [from, to), asserting that every one is stored. */
  void setEach(String prefix, int from, int to, String value, int exptime) {
    for (int i = from; i < to; i++) {
      assertEquals(StoreResult.STORED, set(prefix + i, value, exptime), prefix + i);
    }
  }

  StoreResult store(StoreMode mode, String key, String value, int exptime) {
    return store(mode, key, value, exptime, 0);
  }

  StoreResult store(StoreMode mode, String key, String value, int exptime, long clientFlags) {
    ByteBuf k = bytes(key);
    ByteBuf v = bytes(value);
    try {
      h.lock(k, 0, k.readableBytes());
      return storer.store(
          h,
          mode,
          clientFlags,
          cache.clock().storageExptime(exptime),
          v,
          0,
          v.readableBytes(),
          0,
          false,
          false);
    } finally {
      h.release();
    }
  }

  /** The value, or null; counts as a fetch (bump). */
  String get(String key) {
    ByteBuf k = bytes(key);
    try {
      if (!h.lock(k, 0, k.readableBytes())) {
        return null;
      }
      h.bump();
      ByteBuf out = Unpooled.buffer();
      h.writeValue(out);
      return out.toString(StandardCharsets.ISO_8859_1);
    } finally {
      h.release();
    }
  }

  /** The client flags, or -1 when the key is missing. */
  long flags(String key) {
    ByteBuf k = bytes(key);
    try {
      return h.lock(k, 0, k.readableBytes()) ? h.flags() : -1;
    } finally {
      h.release();
    }
  }

  boolean delete(String key) {
    ByteBuf k = bytes(key);
    try {
      if (!h.lock(k, 0, k.readableBytes())) {
        return false;
      }
      h.unlink();
      return true;
    } finally {
      h.release();
    }
  }

  long cas(String key) {
    ByteBuf k = bytes(key);
    try {
      return h.lock(k, 0, k.readableBytes()) ? h.cas() : -1;
    } finally {
      h.release();
    }
  }

  Arithmetic.Result incr(String key, long delta) {
    ByteBuf k = bytes(key);
    try {
      if (!h.lock(k, 0, k.readableBytes())) {
        return Arithmetic.Result.NOT_FOUND;
      }
      return arithmetic.apply(h, true, delta, 0);
    } finally {
      h.release();
    }
  }
}
