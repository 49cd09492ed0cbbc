package io.memkube.cacheserver.net;

import io.memkube.cacheserver.command.CommandProcessor;
import io.memkube.cacheserver.command.Outcome;
import io.memkube.cacheserver.stats.ServerStats;
import io.memkube.protocol.request.ErrorLines;
import io.memkube.protocol.request.ParseResult;
import io.memkube.protocol.request.Request;
import io.memkube.protocol.request.RequestDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * One client connection, behind {@link RequestDecoder} (framing, memcached's limits, and reading
 * only while the client reads its replies): executes every request in order on the event loop,
 * collects the replies of one read batch in one buffer and writes it when the batch is done
 * (pipelined requests cost one write), or earlier once it is large. A client that shuts its sending
 * side down gets every reply before the connection closes, as from memcached.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
  /** Replies are written out early once this many bytes are pending in one batch. */
  private static final int EARLY_WRITE_BYTES = 256 * 1024;

  private final ServerContext server;
  private final CommandProcessor processor;
  private final ServerStats stats;
  private ByteBuf out;
  private boolean closing;
  private Connections.Entry entry;

  /**
   * The replies of a multi-get line handed out in parts since {@link #multiGetMark} of {@link
   * #out}; null once they have been written (or no such line is open).
   */
  private ByteBuf multiGetOut;

  private int multiGetMark;

  ConnectionHandler(ServerContext server) {
    this.server = server;
    this.stats = server.stats();
    this.processor =
        new CommandProcessor(server.cache(), stats, server.settings(), server.connections());
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    int n = stats.currConnections.incrementAndGet();
    stats.totalConnections.increment();
    if (n > server.settings().maxConnections()) {
      stats.rejectedConnections.increment();
      closing = true;
      byte[] msg = (ErrorLines.TOO_MANY_CONNECTIONS + "\r\n").getBytes(StandardCharsets.US_ASCII);
      ctx.writeAndFlush(ctx.alloc().buffer(msg.length).writeBytes(msg))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
    entry =
        server
            .connections()
            .register("tcp:" + remote.getAddress().getHostAddress() + ":" + remote.getPort());
    if (server.settings().verbosity() > 1) {
      System.err.println("<" + entry.id + " new auto-negotiating client connection");
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    stats.currConnections.decrementAndGet();
    if (entry != null) {
      server.connections().unregister(entry);
      if (server.settings().verbosity() > 1) {
        System.err.println("<" + entry.id + " connection closed.");
      }
    }
    release();
  }

  private void release() {
    if (out != null) {
      out.release();
      out = null;
    }
    multiGetOut = null;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg == ParseResult.CLOSE) {
      if (!closing) {
        closeAfterFlush(ctx);
      }
      return;
    }
    Request req = (Request) msg;
    try {
      if (!closing) {
        execute(ctx, req);
      }
    } finally {
      req.release();
    }
  }

  private void execute(ChannelHandlerContext ctx, Request req) {
    if (server.settings().verbosity() > 1 && entry != null) {
      System.err.println(
          "<"
              + entry.id
              + " "
              + req.buffer()
                  .toString(
                      req.lineStart(),
                      req.lineEnd() - req.lineStart(),
                      StandardCharsets.ISO_8859_1));
    }
    if (entry != null) {
      entry.lastCommandMillis = System.currentTimeMillis();
    }
    if (req.continuesLine() && !req.continuedLine()) {
      // the first part of a long multi-get: its replies can be taken back until they are written
      write(ctx, false);
      out = ctx.alloc().ioBuffer(4096);
      multiGetOut = out;
      multiGetMark = out.writerIndex();
    } else if (out == null) {
      out = ctx.alloc().ioBuffer(4096);
    }
    if (req.continuedLine() && req.errorLine() != null && multiGetOut == out) {
      out.writerIndex(multiGetMark); // memcached answers such a line with the error alone
    }
    if (!req.continuesLine()) {
      multiGetOut = null;
    }
    int replyStart = out.writerIndex();
    Outcome o;
    try {
      o = processor.process(req, out);
    } catch (RuntimeException e) {
      // a bug in a command must not take the connection's neighbours down
      System.err.println("memkube: internal error on " + req + ": " + e);
      out.writeCharSequence("SERVER_ERROR internal error\r\n", StandardCharsets.US_ASCII);
      o = Outcome.CONTINUE;
    } catch (OutOfMemoryError e) {
      // direct memory ran out for this reply (the JVM exits on a heap OOM before this): the
      // request fails as in memcached, the connection and the cache stay
      out.writerIndex(replyStart); // the replies before this request stay
      out.writeCharSequence(
          "SERVER_ERROR out of memory writing get response\r\n", StandardCharsets.US_ASCII);
      o = Outcome.CONTINUE;
    }
    if (o == Outcome.CLOSE) {
      closeAfterFlush(ctx);
    } else if (o == Outcome.SHUTDOWN) {
      closeAfterFlush(ctx);
      server.requestShutdown();
    } else if (out.readableBytes() >= EARLY_WRITE_BYTES) {
      write(ctx, false);
    }
  }

  /** Closes once every reply written so far has gone out (closing at once would drop them). */
  private void closeAfterFlush(ChannelHandlerContext ctx) {
    closing = true;
    ByteBuf last = Unpooled.EMPTY_BUFFER;
    if (out != null && out.isReadable()) {
      stats.bytesWritten.add(out.readableBytes());
      last = out;
      out = null;
    }
    ctx.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
  }

  private void write(ChannelHandlerContext ctx, boolean flush) {
    if (out != null && out.isReadable()) {
      stats.bytesWritten.add(out.readableBytes());
      if (flush) {
        ctx.writeAndFlush(out, ctx.voidPromise());
      } else {
        ctx.write(out, ctx.voidPromise());
      }
      out = null;
      multiGetOut = null;
    } else if (flush) {
      ctx.flush();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (closing) {
      return;
    }
    if (multiGetOut != null && multiGetOut == out && out.readableBytes() < EARLY_WRITE_BYTES) {
      ctx.flush(); // a multi-get line is still arriving: its replies wait for its end
    } else {
      write(ctx, true);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      // the client sent everything (half-close): the decoder has handed out every request, so
      // answer them all, then close as memcached does at end of input
      if (!closing) {
        closeAfterFlush(ctx);
      }
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (server.settings().verbosity() > 0) {
      System.err.println("memkube: connection error: " + cause);
    }
    ctx.close();
  }
}
