package io.memkube.cacheserver.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.internal.PlatformDependent;
import org.junit.jupiter.api.Test;

class OffHeapMemoryTest {

  @Test
  void testsRunOnTheCleanerLessPagesProductionUses() {
    // the surefire argLine opens java.nio as the jar's manifest and the image do
    assertTrue(PlatformDependent.useDirectBufferNoCleaner());
  }

  @Test
  void zeroedBuffersAreZeroEvenWhereMallocLeftOldBytes() {
    for (int round = 0; round < 20; round++) {
      var dirty = OffHeapMemory.allocate(1 << 16);
      for (int i = 0; i < 1 << 16; i++) {
        dirty.buffer().put(i, (byte) 0x5A);
      }
      dirty.clean();
      var clean = OffHeapMemory.allocateZeroed((1 << 16) - 3);
      for (int i = 0; i < (1 << 16) - 3; i++) {
        assertEquals(0, clean.buffer().get(i), "byte " + i);
      }
      clean.clean();
    }
  }
}
