package io.memkube.cacheserver.udp;

import io.memkube.cacheserver.command.BinaryCommands;
import io.memkube.cacheserver.command.CommandProcessor;
import io.memkube.cacheserver.command.Outcome;
import io.memkube.protocol.binary.BinaryRequest;
import io.memkube.protocol.binary.BinaryRequestDecoder;
import io.memkube.protocol.binary.BinaryResponse;
import io.memkube.protocol.binary.BinaryResponseEncoder;
import io.memkube.protocol.request.ParseResult;
import io.memkube.protocol.request.Request;
import io.memkube.protocol.request.RequestParser;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the requests of one datagram, in order, and answers each in its own reply frame, as
 * memcached does. A request cut off by the end of the datagram is dropped unanswered; {@code quit}
 * and {@code watch} end the datagram (a datagram has no connection to close or to watch on). A
 * datagram whose first byte is the binary protocol's magic holds binary requests, as memcached
 * reads it whatever its {@code -B}. The UDP channel lives on one event loop, so one {@link
 * CommandProcessor} and one {@link BinaryCommands} serve every peer.
 */
public final class UdpRequestHandler extends SimpleChannelInboundHandler<UdpFrame> {
  private static final Logger LOG = Logger.getLogger(UdpRequestHandler.class.getName());

  private final CommandProcessor processor;
  private final BinaryCommands binary;
  private final long itemSizeMax;
  private final Request req = Request.create();

  public UdpRequestHandler(CommandProcessor processor, BinaryCommands binary, long itemSizeMax) {
    this.processor = processor;
    this.binary = binary;
    this.itemSizeMax = itemSizeMax;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, UdpFrame frame) {
    try {
      ByteBuf in = frame.payload();
      if (in.isReadable()
          && in.getUnsignedByte(in.readerIndex()) == BinaryRequestDecoder.REQUEST_MAGIC) {
        runBinary(ctx, frame, in);
      } else {
        runText(ctx, frame, in);
      }
      ctx.flush();
    } finally {
      frame.release();
    }
  }

  private void runText(ChannelHandlerContext ctx, UdpFrame frame, ByteBuf in) {
    // a parser per datagram: nothing of one datagram carries over to the next
    RequestParser parser = new RequestParser(itemSizeMax);
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
      reply(ctx, frame, out);
      if (o != Outcome.CONTINUE) {
        return;
      }
    }
  }

  private void runBinary(ChannelHandlerContext ctx, UdpFrame frame, ByteBuf in) {
    List<Object> requests = new ArrayList<>();
    new BinaryRequestDecoder(itemSizeMax).frameAll(in, requests);
    boolean going = true;
    for (Object r : requests) {
      BinaryRequest request = (BinaryRequest) r;
      try {
        if (going) {
          ByteBuf out = ctx.alloc().ioBuffer(256);
          Outcome o;
          try {
            o = binary.execute(request, ctx.alloc(), response -> encode(response, out));
          } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, e, () -> "internal error on a binary UDP request");
            o = Outcome.CLOSE;
          }
          reply(ctx, frame, out);
          going = o == Outcome.CONTINUE;
        }
      } finally {
        request.release();
      }
    }
  }

  private static void encode(BinaryResponse response, ByteBuf out) {
    try {
      BinaryResponseEncoder.encodeInto(response, out);
    } finally {
      response.release();
    }
  }

  /** Sends one request's reply in frames of its own (none when it has no reply: quiet ones). */
  private static void reply(ChannelHandlerContext ctx, UdpFrame frame, ByteBuf out) {
    if (out.isReadable()) {
      ctx.write(new UdpFrame(frame.requestId(), frame.peer(), out));
    } else {
      out.release();
    }
  }
}
