package io.memkube.cacheserver.tls;

import io.memkube.cacheserver.stats.ServerStats;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

/**
 * Counts failed TLS handshakes ({@code stats ssl_handshake_errors}): plaintext sent to a TLS port,
 * a client certificate refused, no common protocol version. The handler leaves once the handshake
 * is done either way; {@code SslHandler} closes a connection whose handshake failed.
 */
public final class HandshakeFailureCounter extends ChannelInboundHandlerAdapter {
  private final ServerStats stats;

  public HandshakeFailureCounter(ServerStats stats) {
    this.stats = stats;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof SslHandshakeCompletionEvent done) {
      if (!done.isSuccess()) {
        stats.sslHandshakeErrors.increment();
      }
      ctx.pipeline().remove(this);
    }
    super.userEventTriggered(ctx, evt);
  }
}
