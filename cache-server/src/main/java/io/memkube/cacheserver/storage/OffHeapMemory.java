package io.memkube.cacheserver.storage;

import io.netty.buffer.ByteBuf;
import io.netty.util.internal.CleanableDirectBuffer;
import io.netty.util.internal.PlatformDependent;
import java.nio.ByteBuffer;

/**
 * Direct memory for pages and index tables, freed the moment it is given back.
 *
 * <p>A plain {@link java.nio.ByteBuffer#allocateDirect} buffer is freed only when the collector
 * gets round to it, so a replaced index table would stay resident until a full collection, which a
 * small, nearly garbage-free heap rarely runs. Netty's cleanable buffers are freed by {@link
 * CleanableDirectBuffer#clean()}; where Netty can use {@code sun.misc.Unsafe} they are also plain
 * {@code malloc} memory, not zeroed, so a page becomes resident as items are written into it rather
 * than all at once. Either way they count against the JVM's direct memory limit.
 */
final class OffHeapMemory {
  private static final boolean UNSAFE = PlatformDependent.hasUnsafe();

  private OffHeapMemory() {}

  /** A buffer whose contents are undefined until written. */
  static CleanableDirectBuffer allocate(int bytes) {
    return PlatformDependent.allocateDirect(bytes);
  }

  /** A buffer of zeroes. */
  static CleanableDirectBuffer allocateZeroed(int bytes) {
    CleanableDirectBuffer b = PlatformDependent.allocateDirect(bytes);
    ByteBuffer buf = b.buffer();
    int i = 0;
    for (; i + 8 <= bytes; i += 8) {
      buf.putLong(i, 0L);
    }
    for (; i < bytes; i++) {
      buf.put(i, (byte) 0);
    }
    return b;
  }

  /**
   * Whether {@link #copy} can write into {@code dst}: it has a memory address and the JVM lets
   * Netty use Unsafe (started without {@code --sun-misc-unsafe-memory-access=allow}, Java 24+ does
   * not, though buffers still have addresses).
   */
  static boolean canCopyTo(ByteBuf dst) {
    return UNSAFE && dst.hasMemoryAddress();
  }

  /**
   * Copies {@code length} bytes of the direct buffer {@code src} from {@code srcIndex} to the
   * memory at {@code dstAddress} (a buffer's {@code memoryAddress()}, so Netty can use Unsafe).
   */
  static void copy(ByteBuffer src, int srcIndex, long dstAddress, int length) {
    PlatformDependent.copyMemory(
        PlatformDependent.directBufferAddress(src) + srcIndex, dstAddress, length);
  }
}
