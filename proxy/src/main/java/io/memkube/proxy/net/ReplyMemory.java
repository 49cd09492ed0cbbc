package io.memkube.proxy.net;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.internal.PlatformDependent;

/**
 * The process-wide side of the reply-buffer limit: {@code --max-client-buffered-reply-bytes} bounds
 * one client, this bounds many slow clients together. Once the direct memory in use by the
 * allocator passes half of the JVM's direct-memory limit, a client that is itself behind (more than
 * its high watermark waiting) gets no further values kept for it.
 */
final class ReplyMemory {
  private final long limit;

  ReplyMemory(long limit) {
    this.limit = limit;
  }

  static ReplyMemory halfOfDirectMemory() {
    return new ReplyMemory(PlatformDependent.maxDirectMemory() / 2);
  }

  boolean isUnderPressure(ByteBufAllocator alloc) {
    return alloc instanceof ByteBufAllocatorMetricProvider p
        && p.metric().usedDirectMemory() > limit;
  }
}
