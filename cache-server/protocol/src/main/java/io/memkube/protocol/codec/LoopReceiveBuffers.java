package io.memkube.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;

/**
 * Netty's adaptive read sizes, with the read buffer reused on its event loop ({@link LoopSpare}): a
 * request that fits one read is decoded and its buffer released before the next read, so the next
 * read, on any connection of the loop, goes into the same memory instead of a buffer taken from the
 * allocator and given back each time. A buffer a decoder still holds (part of a request, or
 * requests waiting for a slow client) is left to it.
 *
 * <p>The handle holds a reference to the buffer of the read in progress and looks at it again at
 * the next read or when the read event ends ({@link Handle#readComplete}, which the transport calls
 * on every path, failures included).
 */
public final class LoopReceiveBuffers implements RecvByteBufAllocator {
  /** Reads grow to at most 64 KiB (Netty's adaptive maximum); such a buffer is still kept. */
  private static final LoopSpare SPARE = new LoopSpare(64 * 1024);

  private final RecvByteBufAllocator sizing = new AdaptiveRecvByteBufAllocator();

  // declared as ExtendedHandle because Netty 4.2 deprecates the Handle it extends; the object
  // returned is the same
  @Override
  public ExtendedHandle newHandle() {
    return new ReusingHandle((ExtendedHandle) sizing.newHandle());
  }

  private static final class ReusingHandle implements ExtendedHandle {
    private final ExtendedHandle sizing;

    /** The buffer of the read in progress, on which this handle holds one reference. */
    private ByteBuf reading;

    ReusingHandle(ExtendedHandle sizing) {
      this.sizing = sizing;
    }

    @Override
    public ByteBuf allocate(ByteBufAllocator alloc) {
      settle();
      int size = sizing.guess();
      ByteBuf b = SPARE.take(size);
      if (b == null) {
        b = alloc.ioBuffer(size);
      }
      reading = b.retain();
      return b;
    }

    /** The previous read's buffer: kept as the loop's spare if the pipeline is done with it. */
    private void settle() {
      if (reading != null) {
        ByteBuf b = reading;
        reading = null;
        SPARE.giveBack(b);
      }
    }

    @Override
    public void readComplete() {
      sizing.readComplete();
      settle();
    }

    @Override
    public int guess() {
      return sizing.guess();
    }

    @Override
    public void reset(ChannelConfig config) {
      sizing.reset(config);
    }

    @Override
    public void incMessagesRead(int numMessages) {
      sizing.incMessagesRead(numMessages);
    }

    @Override
    public void lastBytesRead(int bytes) {
      sizing.lastBytesRead(bytes);
    }

    @Override
    public int lastBytesRead() {
      return sizing.lastBytesRead();
    }

    @Override
    public void attemptedBytesRead(int bytes) {
      sizing.attemptedBytesRead(bytes);
    }

    @Override
    public int attemptedBytesRead() {
      return sizing.attemptedBytesRead();
    }

    @Override
    public boolean continueReading() {
      return sizing.continueReading();
    }

    @Override
    public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
      return sizing.continueReading(maybeMoreDataSupplier);
    }
  }
}
