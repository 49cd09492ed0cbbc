package io.memkube.cacheserver.watch;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One watching connection. Lines are written from any event loop; those that would take the bytes
 * not yet handed to the socket over memcached's {@code watcher_logbuf_size} are dropped and
 * counted, and the count goes out as a {@code skipped=N} line before the next line that fits, as
 * memcached's logger does for a watcher that reads too slowly.
 */
final class Watcher {
  final Channel channel;
  final int flags;
  private final long bufferBytes;
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();

  Watcher(Channel channel, int flags, long bufferBytes) {
    this.channel = channel;
    this.flags = flags;
    this.bufferBytes = bufferBytes;
  }

  /**
   * Queues one line (ending in a newline) unless the buffer is full.
   *
   * @return false when the line was skipped
   */
  boolean offer(byte[] line) {
    if (pending.get() + line.length > bufferBytes) {
      skipped.incrementAndGet();
      return false;
    }
    long dropped = skipped.getAndSet(0);
    byte[] note =
        dropped == 0 ? null : ("skipped=" + dropped + "\n").getBytes(StandardCharsets.US_ASCII);
    int size = line.length + (note == null ? 0 : note.length);
    ByteBuf buf = channel.alloc().buffer(size);
    if (note != null) {
      buf.writeBytes(note);
    }
    buf.writeBytes(line);
    pending.addAndGet(size);
    ChannelFuture f = channel.writeAndFlush(buf);
    f.addListener((ChannelFutureListener) done -> pending.addAndGet(-size));
    return true;
  }
}
