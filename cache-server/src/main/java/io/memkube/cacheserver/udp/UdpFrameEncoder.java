package io.memkube.cacheserver.udp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * {@link UdpFrame} reply to datagrams: pieces of at most {@link UdpFrame#MAX_DATAGRAM} bytes, each
 * after a header with the request id, its sequence number and the number of pieces.
 */
public final class UdpFrameEncoder extends MessageToMessageEncoder<UdpFrame> {
  private static final int PIECE = UdpFrame.MAX_DATAGRAM - UdpFrame.HEADER_SIZE;

  @Override
  protected void encode(ChannelHandlerContext ctx, UdpFrame reply, List<Object> out) {
    try {
      split(ctx, reply, out);
    } finally {
      reply.release();
    }
  }

  private static void split(ChannelHandlerContext ctx, UdpFrame reply, List<Object> out) {
    ByteBuf body = reply.payload();
    int pieces = Math.max(1, (body.readableBytes() + PIECE - 1) / PIECE);
    if (pieces > 0xFFFF) {
      return; // the header cannot count them; memcached's replies never get this large
    }
    for (int seq = 0; seq < pieces; seq++) {
      int n = Math.min(PIECE, body.readableBytes());
      ByteBuf d = ctx.alloc().ioBuffer(UdpFrame.HEADER_SIZE + n);
      d.writeShort(reply.requestId());
      d.writeShort(seq);
      d.writeShort(pieces);
      d.writeShort(0);
      d.writeBytes(body, n);
      out.add(new DatagramPacket(d, reply.peer()));
    }
  }
}
