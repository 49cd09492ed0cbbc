package io.memkube.protocol.request;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * The inbound half of a memcached server's pipeline: frames client bytes into {@link Request}s with
 * memcached 1.6.18's limits ({@link RequestParser}), and stops taking requests while the peer does
 * not read its replies.
 *
 * <p>Messages, in order:
 *
 * <ul>
 *   <li>{@link Request}: one request. The decoder reuses a single instance, valid until the handler
 *       returns from {@code channelRead}; it holds a reference on the bytes it points into, which
 *       the handler gives back with {@link Request#release()} when done with the request;
 *   <li>{@link ParseResult#CLOSE}: memcached would close the connection without a word (an
 *       over-long line that is not a multi-get, an HTTP request); nothing follows.
 * </ul>
 *
 * <p>Backpressure: while the channel is not writable (its outbound buffer is over the high water
 * mark), no request is decoded and the channel stops reading; both resume when it drains. So a
 * client that pipelines requests and never reads their replies holds at most the high water mark of
 * replies and one read of requests, whatever it sends.
 *
 * <p>Half-closed clients: end of input ({@link ChannelInputShutdownEvent}, with the channel's
 * {@code ALLOW_HALF_CLOSURE}) is passed on only after every request that arrived before it has been
 * handed out, so the handler can answer all of them before it closes, as memcached does.
 */
public final class RequestDecoder extends ByteToMessageDecoder {
  private final RequestParser parser;
  private final Request req = Request.create();
  private boolean paused;
  private boolean closed;
  private boolean inputShutdownPending;

  /**
   * @param itemSizeMax memcached's {@code -I}: larger values are refused and swallowed unbuffered
   */
  public RequestDecoder(long itemSizeMax) {
    this.parser = new RequestParser(itemSizeMax);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    req.release(); // in case the handler kept it
    if (closed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (!ctx.channel().isWritable()) {
      pause(ctx);
      return;
    }
    ParseResult r = parser.parse(in, req);
    if (r == ParseResult.REQUEST) {
      req.hold();
      out.add(req);
    } else if (r == ParseResult.CLOSE) {
      closed = true;
      in.skipBytes(in.readableBytes());
      out.add(ParseResult.CLOSE);
    }
  }

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
      paused = false;
      ByteBuf held = internalBuffer();
      if (held.isReadable()) {
        channelRead(ctx, Unpooled.EMPTY_BUFFER); // decodes what waited
        channelReadComplete(ctx);
      }
      if (!paused) {
        if (inputShutdownPending) {
          inputShutdownPending = false;
          super.userEventTriggered(ctx, ChannelInputShutdownEvent.INSTANCE);
        } else {
          ctx.channel().config().setAutoRead(true);
        }
      }
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof ChannelInputShutdownEvent) {
      if (!paused && internalBuffer().isReadable()) {
        channelRead(ctx, Unpooled.EMPTY_BUFFER);
        channelReadComplete(ctx);
      }
      if (paused) {
        inputShutdownPending = true; // passed on once the requests before it are handed out
        return;
      }
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    req.release();
  }
}
