package io.memkube.operator.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CacheServerArgsTest {

  @Test
  void itemSizeUsesTheShortestExactMemcachedForm() {
    assertEquals("1m", CacheServerArgs.itemSizeFlag(1 << 20));
    assertEquals("512k", CacheServerArgs.itemSizeFlag(512 << 10));
    assertEquals("1025", CacheServerArgs.itemSizeFlag(1025));
    assertEquals("1024m", CacheServerArgs.itemSizeFlag(1L << 30));
  }
}
