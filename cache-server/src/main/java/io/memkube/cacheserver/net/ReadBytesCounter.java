package io.memkube.cacheserver.net;

import io.memkube.cacheserver.stats.ServerStats;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Counts the bytes clients send ({@code stats bytes_read}) before they are framed. */
final class ReadBytesCounter extends ChannelInboundHandlerAdapter {
  private final ServerStats stats;

  ReadBytesCounter(ServerStats stats) {
    this.stats = stats;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf b) {
      stats.bytesRead.add(b.readableBytes());
    }
    ctx.fireChannelRead(msg);
  }
}
