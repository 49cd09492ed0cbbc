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
 * <p>With {@link #yieldEvery}, memcached's {@code -R}: after that many requests of one read event
 * the connection yields, and the rest of what it sent is decoded in a task of the event loop, once
 * the other connections' events of that turn have been served, so one client that pipelines a great
 * deal cannot hold a worker thread for itself.
 *
 * <p>Subclasses frame in {@link #decodeRequests}, called only while the channel is writable.
 */
public abstract class WritabilityGatedDecoder extends ByteToMessageDecoder {
  private boolean paused;
  private boolean inputShutdownPending;
  private int maxPerEvent;
  private Runnable onYield = () -> {};
  private int decodedThisEvent;
  private boolean yielding;

  /**
   * memcached's {@code -R}: at most {@code requests} requests per read event (0: no limit); {@code
   * onYield} runs at each yield (memcached's {@code conn_yields}).
   */
  public final WritabilityGatedDecoder yieldEvery(int requests, Runnable onYield) {
    this.maxPerEvent = requests;
    this.onYield = onYield;
    return this;
  }

  @Override
  protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out)
      throws Exception {
    if (!ctx.channel().isWritable()) {
      pause(ctx);
      return;
    }
    if (yielding) {
      return;
    }
    if (maxPerEvent > 0 && decodedThisEvent >= maxPerEvent) {
      yieldTurn(ctx);
      return;
    }
    int before = out.size();
    decodeRequests(ctx, in, out);
    decodedThisEvent += out.size() - before;
  }

  private void yieldTurn(ChannelHandlerContext ctx) {
    yielding = true;
    onYield.run();
    ctx.executor()
        .execute(
            () -> {
              yielding = false;
              decodedThisEvent = 0;
              try {
                continueDecoding(ctx);
              } catch (Exception e) {
                ctx.fireExceptionCaught(e);
              }
            });
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
    if (!yielding) {
      decodedThisEvent = 0; // the next read is a new event
    }
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
    continueDecoding(ctx);
  }

  /** Decodes what waited (a pause or a yield), then reads on or passes a waiting end of input. */
  private void continueDecoding(ChannelHandlerContext ctx) throws Exception {
    if (paused || !ctx.channel().isActive()) {
      return;
    }
    decodeWaiting(ctx);
    if (!paused && !yielding) {
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
      if (!paused && !yielding) {
        decodeWaiting(ctx);
      }
      if (paused || yielding) {
        inputShutdownPending = true; // passed on once the requests before it are handed out
        return;
      }
    }
    super.userEventTriggered(ctx, evt);
  }
}
