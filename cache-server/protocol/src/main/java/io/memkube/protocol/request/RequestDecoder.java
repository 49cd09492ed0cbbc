package io.memkube.protocol.request;

import io.memkube.protocol.codec.WritabilityGatedDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
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
 * <p>Backpressure and half-closed clients as {@link WritabilityGatedDecoder}: while the channel is
 * not writable no request is decoded and the channel stops reading, so a client that pipelines
 * requests and never reads their replies holds at most the high water mark of replies and one read
 * of requests, whatever it sends; end of input ({@link ChannelInputShutdownEvent}) is passed on
 * only after every request that arrived before it has been handed out, so the handler can answer
 * all of them before it closes, as memcached does.
 */
public final class RequestDecoder extends WritabilityGatedDecoder {
  private final RequestParser parser;
  private final Request req = Request.create();
  private boolean closed;

  /**
   * @param itemSizeMax memcached's {@code -I}: larger values are refused and swallowed unbuffered
   */
  public RequestDecoder(long itemSizeMax) {
    this.parser = new RequestParser(itemSizeMax);
  }

  @Override
  protected void decodeRequests(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    req.release(); // in case the handler kept it
    if (closed) {
      in.skipBytes(in.readableBytes());
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

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    req.release();
  }
}
