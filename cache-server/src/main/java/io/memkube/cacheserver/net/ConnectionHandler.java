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
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client connection, behind {@link RequestDecoder} (framing, memcached's limits, and reading
 * only while the client reads its replies): executes every request in order on the event loop,
 * collects the replies of one read batch in one buffer and writes it when the batch is done
 * (pipelined requests cost one write), or earlier once it is large. A client that shuts its sending
 * side down gets every reply before the connection closes, as from memcached.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = Logger.getLogger(ConnectionHandler.class.getName());

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
        new CommandProcessor(
            server.cache(),
            stats,
            server.settings(),
            server.connections(),
            server.certificateRefresh());
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
            .register(
                "tcp:" + remote.getAddress().getHostAddress() + ":" + remote.getPort(),
                ctx.channel());
    if (server.settings().verbosity() > 1) {
      // -vv's trace is memcached's own stderr output, word for word, not a log record
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

  /** A command of this connection arrived in another protocol's handler (the idle timeout). */
  void commandArrived() {
    if (entry != null) {
      entry.lastCommandMillis = System.currentTimeMillis();
    }
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
    prepareReplyBuffer(ctx, req);
    int replyStart = out.writerIndex();
    Outcome o;
    try {
      o = processor.process(req, out);
    } catch (RuntimeException e) {
      // a bug in a command must not take the connection's neighbours down
      LOG.log(Level.SEVERE, e, () -> "internal error on " + req);
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

  /**
   * Makes {@link #out} ready for {@code req}'s reply. The replies to a long multi-get line, handed
   * out in parts, are held from its first part on, so that a bad key in a later part can take them
   * back (memcached answers such a line with the error alone) as long as they have not been
   * written.
   */
  private void prepareReplyBuffer(ChannelHandlerContext ctx, Request req) {
    if (req.continuesLine() && !req.continuedLine()) {
      write(ctx, false); // the replies before the line are not held with it
      if (out == null) {
        out = ReplyBuffers.take(ctx.alloc());
      }
      multiGetOut = out;
      multiGetMark = out.writerIndex();
    } else if (out == null) {
      out = ReplyBuffers.take(ctx.alloc());
    }
    if (req.continuedLine() && req.errorLine() != null && multiGetOut == out) {
      out.writerIndex(multiGetMark);
    }
    if (!req.continuesLine()) {
      multiGetOut = null;
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
      // let go of the buffer before writing it: a flush can resume decoding (RequestDecoder), and
      // the replies of the requests that follow must go to a new buffer
      ByteBuf replies = out;
      out = null;
      multiGetOut = null;
      stats.bytesWritten.add(replies.readableBytes());
      if (flush) {
        // the write is usually done when writeAndFlush returns: the buffer then serves the next
        // reply on this loop instead of going back to the allocator
        replies.retain();
        ctx.writeAndFlush(replies, ctx.voidPromise());
        ReplyBuffers.giveBack(replies);
      } else {
        ctx.write(replies, ctx.voidPromise());
      }
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
      // answer them all, then close as memcached does at end of input; a multi-get line that never
      // ended is not answered (memcached never ran it), so its held hits are dropped
      if (multiGetOut != null && multiGetOut == out) {
        out.writerIndex(multiGetMark);
      }
      if (!closing) {
        closeAfterFlush(ctx);
      }
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.info(() -> "connection error: " + cause);
    ctx.close();
  }
}
