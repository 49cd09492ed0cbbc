package io.memkube.cacheserver.net;

import io.memkube.cacheserver.command.CommandProcessor;
import io.memkube.cacheserver.command.Outcome;
import io.memkube.cacheserver.stats.ServerStats;
import io.memkube.protocol.request.ErrorLines;
import io.memkube.protocol.request.ParseResult;
import io.memkube.protocol.request.Request;
import io.memkube.protocol.request.RequestParser;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * One client connection: accumulates bytes, parses and executes every complete request in order on
 * the event loop, collects the replies of one read batch in one buffer and flushes it when the
 * batch is done (pipelined requests cost one write). Stops reading while the peer does not read its
 * replies.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
  /** Replies are written out early once this many bytes are pending in one batch. */
  private static final int EARLY_WRITE_BYTES = 256 * 1024;

  private final ServerContext server;
  private final RequestParser parser;
  private final Request req = Request.create();
  private final CommandProcessor processor;
  private final ServerStats stats;
  private ByteBuf cumulation;
  private ByteBuf out;
  private boolean closing;
  private Connections.Entry entry;

  ConnectionHandler(ServerContext server) {
    this.server = server;
    this.stats = server.stats();
    this.parser = new RequestParser(server.settings().itemSizeMax());
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
    if (cumulation != null) {
      cumulation.release();
      cumulation = null;
    }
    if (out != null) {
      out.release();
      out = null;
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    if (closing) {
      in.release();
      return;
    }
    stats.bytesRead.add(in.readableBytes());
    if (cumulation == null) {
      cumulation = in;
    } else {
      if (cumulation.maxWritableBytes() < in.readableBytes() || cumulation.refCnt() > 1) {
        ByteBuf bigger = ctx.alloc().buffer(cumulation.readableBytes() + in.readableBytes() + 4096);
        bigger.writeBytes(cumulation);
        cumulation.release();
        cumulation = bigger;
      }
      cumulation.writeBytes(in);
      in.release();
    }
    drain(ctx);
  }

  private void drain(ChannelHandlerContext ctx) {
    while (!closing) {
      ParseResult r = parser.parse(cumulation, req);
      if (r == ParseResult.NEED_MORE) {
        break;
      }
      if (r == ParseResult.CLOSE) {
        closeAfterFlush(ctx);
        break;
      }
      if (server.settings().verbosity() > 1 && entry != null) {
        System.err.println(
            "<"
                + entry.id
                + " "
                + cumulation.toString(
                    req.lineStart(), req.lineEnd() - req.lineStart(), StandardCharsets.ISO_8859_1));
      }
      if (entry != null) {
        entry.lastCommandMillis = System.currentTimeMillis();
      }
      if (out == null) {
        out = ctx.alloc().ioBuffer(4096);
      }
      Outcome o;
      try {
        o = processor.process(req, out);
      } catch (RuntimeException e) {
        // a bug in a command must not take the connection's neighbours down
        System.err.println("memkube: internal error on " + req + ": " + e);
        out.writeCharSequence("SERVER_ERROR internal error\r\n", StandardCharsets.US_ASCII);
        o = Outcome.CONTINUE;
      }
      if (o == Outcome.CLOSE) {
        closeAfterFlush(ctx);
        break;
      }
      if (o == Outcome.SHUTDOWN) {
        closeAfterFlush(ctx);
        server.requestShutdown();
        break;
      }
      if (out.readableBytes() >= EARLY_WRITE_BYTES) {
        write(ctx, false);
      }
    }
    if (cumulation != null) {
      if (!cumulation.isReadable()) {
        cumulation.release();
        cumulation = null;
      } else if (cumulation.readerIndex() > 64 * 1024) {
        cumulation.discardSomeReadBytes();
      }
    }
  }

  private void closeAfterFlush(ChannelHandlerContext ctx) {
    closing = true;
    if (out != null && out.isReadable()) {
      stats.bytesWritten.add(out.readableBytes());
      ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
      out = null;
    } else {
      ctx.close();
    }
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
    } else if (flush) {
      ctx.flush();
    }
    if (!ctx.channel().isWritable()) {
      ctx.channel().config().setAutoRead(false);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (!closing) {
      write(ctx, true);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (server.settings().verbosity() > 0) {
      System.err.println("memkube: connection error: " + cause);
    }
    ctx.close();
  }
}
