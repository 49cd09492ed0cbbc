package io.memkube.cacheserver.net;

import io.memkube.protocol.binary.BinaryRequestDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * memcached's {@code -B auto}: looks at a connection's first byte, and when it is the binary
 * request magic (0x80) makes the pipeline speak binary ({@link BinaryConnectionHandler#install});
 * otherwise the text pipeline stays as it was set up. Either way it then leaves the pipeline,
 * handing on what it has read.
 */
final class ProtocolSniffer extends ByteToMessageDecoder {
  private final ServerContext server;

  ProtocolSniffer(ServerContext server) {
    this.server = server;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (!in.isReadable()) {
      return;
    }
    if (in.getUnsignedByte(in.readerIndex()) == BinaryRequestDecoder.REQUEST_MAGIC) {
      BinaryConnectionHandler.install(ctx.pipeline(), server);
    }
    ctx.pipeline().remove(this);
  }
}
