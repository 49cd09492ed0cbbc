package io.memkube.cacheserver.udp;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;
import java.net.InetSocketAddress;

/**
 * One request datagram without its frame header ({@link UdpFrameDecoder}), or the reply to one
 * request ({@link UdpFrameEncoder} splits it into datagrams).
 *
 * @param requestId the client's id, echoed in every reply datagram
 * @param peer where the datagram came from and the reply goes
 * @param payload the requests, or one request's reply; owned by this frame
 */
public record UdpFrame(int requestId, InetSocketAddress peer, ByteBuf payload) {
  /** memcached's UDP_HEADER_SIZE. */
  public static final int HEADER_SIZE = 8;

  /** memcached's UDP read buffer: the largest request datagram it takes whole. */
  public static final int MAX_REQUEST = 65536;

  /** memcached's UDP_MAX_PAYLOAD_SIZE: the largest datagram it sends, header included. */
  public static final int MAX_DATAGRAM = 1400;

  /** Gives the payload back. */
  public void release() {
    ((ReferenceCounted) payload).release();
  }
}
