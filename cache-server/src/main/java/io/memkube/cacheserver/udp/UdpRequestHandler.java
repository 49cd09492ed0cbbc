package io.memkube.cacheserver.udp;

import io.memkube.cacheserver.command.CommandProcessor;
import io.memkube.cacheserver.command.Outcome;
import io.memkube.protocol.request.ParseResult;
import io.memkube.protocol.request.Request;
import io.memkube.protocol.request.RequestParser;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the requests of one datagram, in order, and answers each in its own reply frame, as
 * memcached does. A request cut off by the end of the datagram is dropped unanswered; {@code quit}
 * and {@code watch} end the datagram (a datagram has no connection to close or to watch on). The
 * UDP channel lives on one event loop, so one {@link CommandProcessor} serves every peer.
 */
public final class UdpRequestHandler extends SimpleChannelInboundHandler<UdpFrame> {
  private static final Logger LOG = Logger.getLogger(UdpRequestHandler.class.getName());

  private final CommandProcessor processor;
  private final long itemSizeMax;
  private final Request req = Request.create();

  public UdpRequestHandler(CommandProcessor processor, long itemSizeMax) {
    this.processor = processor;
    this.itemSizeMax = itemSizeMax;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, UdpFrame frame) {
    try {
      // a parser per datagram: nothing of one datagram carries over to the next
      RequestParser parser = new RequestParser(itemSizeMax);
      ByteBuf in = frame.payload();
      while (parser.parse(in, req) == ParseResult.REQUEST) {
        ByteBuf out = ctx.alloc().ioBuffer(256);
        Outcome o;
        try {
          o = processor.process(req, out);
        } catch (RuntimeException e) {
          LOG.log(Level.SEVERE, e, () -> "internal error on a UDP request");
          out.writeCharSequence("SERVER_ERROR internal error\r\n", StandardCharsets.US_ASCII);
          o = Outcome.CONTINUE;
        }
        if (out.isReadable()) {
          ctx.write(new UdpFrame(frame.requestId(), frame.peer(), out));
        } else {
          out.release();
        }
        if (o != Outcome.CONTINUE) {
          break;
        }
      }
      ctx.flush();
    } finally {
      frame.release();
    }
  }
}
