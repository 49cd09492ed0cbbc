package io.memkube.proxy.net;

import io.memkube.protocol.reply.ReplyEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Encodes {@link ClientReply}s into one buffer per flush, so that many small replies leave in one
 * write; a buffer that grows past {@link #CHUNK} is passed on at once, so the channel's outbound
 * buffer (and its writability) sees large replies as they are encoded, not at the end of the turn.
 */
final class ClientReplyEncoder extends ChannelOutboundHandlerAdapter {
  static final int CHUNK = 64 * 1024;

  private ByteBuf pending;

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (!(msg instanceof ClientReply reply)) {
      passPending(ctx);
      ctx.write(msg, promise);
      return;
    }
    if (pending == null) {
      pending = ctx.alloc().ioBuffer();
    }
    switch (reply) {
      case ClientReply.Raw r -> pending.writeBytes(r.bytes());
      case ClientReply.Single s -> ReplyEncoder.encode(s.reply(), pending);
      case ClientReply.Value v -> ReplyEncoder.encodeValue(v.key(), v.hit(), v.withCas(), pending);
      case ClientReply.End e -> {
        if (e.error() == null) {
          pending.writeBytes(ReplyEncoder.END);
        } else {
          ReplyEncoder.encode(e.error(), pending);
        }
      }
      case ClientReply.InlineError e -> ReplyEncoder.encode(e.error(), pending);
    }
    if (!promise.isVoid()) {
      promise.trySuccess();
    }
    if (pending.readableBytes() >= CHUNK) {
      passPending(ctx);
    }
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    passPending(ctx);
    ctx.flush();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (pending != null) {
      pending.release();
      pending = null;
    }
  }

  private void passPending(ChannelHandlerContext ctx) {
    if (pending != null) {
      ByteBuf b = pending;
      pending = null;
      if (b.isReadable()) {
        ctx.write(b, ctx.voidPromise());
      } else {
        b.release();
      }
    }
  }
}
