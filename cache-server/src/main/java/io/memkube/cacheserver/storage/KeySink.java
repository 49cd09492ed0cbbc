package io.memkube.cacheserver.storage;

import java.nio.ByteBuffer;

/** Receives the keys a {@link Cache#scanKeys scan} finds, one at a time, under a shard's lock. */
@FunctionalInterface
public interface KeySink {
  /**
   * @param page the page holding the key (read it before returning: it may be reused afterwards)
   * @param keyStart where the key starts in the page
   * @param keyLength its length
   * @param secondsLeft seconds until it expires, or -1 when it never does
   */
  void key(ByteBuffer page, int keyStart, int keyLength, int secondsLeft);
}
