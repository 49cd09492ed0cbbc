package io.memkube.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * A request decoder that takes no request while its peer does not read the replies: while the
 * channel is not writable (its outbound buffer is over the high water mark) nothing is decoded and
 * the channel stops reading; both resume when it drains. So a client that pipelines requests and
 * never reads holds at most the high water mark of replies and one read of requests.
 *
 * <p>End of input ({@link ChannelInputShutdownEvent}, with the channel's {@code
 * ALLOW_HALF_CLOSURE}) is passed on only after every request that arrived before it has been handed
 * out, so the handler can answer all of them before it closes, as memcached does.
 *
 * <p>Subclasses frame in {@link #decodeRequests}, called only while the channel is writable.
 */
public abstract class WritabilityGatedDecoder extends ByteToMessageDecoder {
  private boolean paused;
  private boolean inputShutdownPending;

  @Override
  protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out)
      throws Exception {
    if (!ctx.channel().isWritable()) {
      pause(ctx);
      return;
    }
    decodeRequests(ctx, in, out);
  }

  /** Frames the next request from {@code in}, as {@link ByteToMessageDecoder#decode} does. */
  protected abstract void decodeRequests(ChannelHandlerContext ctx, ByteBuf in, List<Object> out)
      throws Exception;

  private void pause(ChannelHandlerContext ctx) {
    if (!paused) {
      paused = true;
      ctx.channel().config().setAutoRead(false);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
    if (paused) {
      // ByteToMessageDecoder would ask for another read when nothing was decoded: not while the
      // peer is not reading its replies
      discardSomeReadBytes();
      ctx.fireChannelReadComplete();
    } else {
      super.channelReadComplete(ctx);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (paused && ctx.channel().isWritable()) {
      // Resumed right here, inside the flush that drained the channel: a flush from below is a
      // no-op there (Netty's flush0 does not nest), so this does not recurse, and the channel's
      // epoll registration still wants EPOLLOUT. Resuming from a later task instead breaks
      // half-closed channels on Netty 4.2's epoll transport (a registration whose interest drops to
      // none is deleted, and the next EPOLLOUT request then fails with ENOENT).
      resume(ctx);
    }
    ctx.fireChannelWritabilityChanged();
  }

  private void resume(ChannelHandlerContext ctx) throws Exception {
    paused = false;
    decodeWaiting(ctx);
    if (!paused) {
      if (inputShutdownPending) {
        inputShutdownPending = false;
        super.userEventTriggered(ctx, ChannelInputShutdownEvent.INSTANCE);
      } else {
        ctx.channel().config().setAutoRead(true);
      }
    }
  }

  /** Decodes the bytes that arrived while paused (until done or paused again). */
  private void decodeWaiting(ChannelHandlerContext ctx) throws Exception {
    if (internalBuffer().isReadable()) {
      channelRead(ctx, Unpooled.EMPTY_BUFFER);
      channelReadComplete(ctx);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof ChannelInputShutdownEvent) {
      if (!paused) {
        decodeWaiting(ctx);
      }
      if (paused) {
        inputShutdownPending = true; // passed on once the requests before it are handed out
        return;
      }
    }
    super.userEventTriggered(ctx, evt);
  }
}
