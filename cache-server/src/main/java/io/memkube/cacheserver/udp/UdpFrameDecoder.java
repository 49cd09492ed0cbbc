package io.memkube.cacheserver.udp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/**
 * Datagram to {@link UdpFrame}: checks and strips memcached's frame header. As memcached does, a
 * datagram too short for the header, or one that says the request spans several datagrams, is
 * dropped without a reply.
 */
public final class UdpFrameDecoder extends MessageToMessageDecoder<DatagramPacket> {
  @Override
  protected void decode(ChannelHandlerContext ctx, DatagramPacket packet, List<Object> out) {
    var in = packet.content();
    if (in.readableBytes() < UdpFrame.HEADER_SIZE) {
      return;
    }
    int requestId = in.readUnsignedShort();
    in.skipBytes(2); // sequence number: 0 in the one datagram of a request
    int datagrams = in.readUnsignedShort();
    in.skipBytes(2); // reserved
    if (datagrams != 1) {
      return; // memcached does not support multi-datagram requests
    }
    out.add(new UdpFrame(requestId, packet.sender(), in.retainedSlice()));
  }
}
