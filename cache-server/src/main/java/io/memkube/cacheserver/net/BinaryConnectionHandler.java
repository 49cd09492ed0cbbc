package io.memkube.cacheserver.net;

import io.memkube.cacheserver.command.BinaryCommands;
import io.memkube.cacheserver.command.Outcome;
import io.memkube.cacheserver.stats.ServerStats;
import io.memkube.protocol.binary.BinaryRequest;
import io.memkube.protocol.binary.BinaryRequestDecoder;
import io.memkube.protocol.binary.BinaryResponse;
import io.memkube.protocol.binary.BinaryResponseEncoder;
import io.memkube.protocol.binary.BinaryStatus;
import io.memkube.protocol.request.RequestDecoder;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Executes the binary requests of one connection in order ({@link BinaryCommands}) and writes their
 * responses, flushed once per read batch. It sits in front of the connection's {@link
 * ConnectionHandler}, which keeps what every connection has whatever its protocol (the count of
 * connections, {@code stats conns}, the idle timeout, closing after a half-close) and sees no
 * request.
 */
final class BinaryConnectionHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = Logger.getLogger(BinaryConnectionHandler.class.getName());

  private final BinaryCommands commands;
  private final ServerStats stats;
  private boolean closing;

  /** The connection's own handler, told of each command for the idle timeout. */
  private final ConnectionHandler connection;

  private BinaryConnectionHandler(ServerContext server, ConnectionHandler connection) {
    this.connection = connection;
    this.stats = server.stats();
    this.commands =
        BinaryCommands.create(server.cache(), stats, server.settings(), server.connections());
  }

  /**
   * Makes the pipeline speak binary: the binary codec and this handler go in front of the
   * connection's {@link ConnectionHandler}, in place of the text decoder where there is one.
   */
  static void install(ChannelPipeline p, ServerContext server) {
    if (p.get(RequestDecoder.class) != null) {
      p.remove(RequestDecoder.class);
    }
    ConnectionHandler connection = p.get(ConnectionHandler.class);
    String name = p.context(connection).name();
    p.addBefore(name, null, new BinaryResponseEncoder());
    p.addBefore(
        name,
        null,
        new BinaryRequestDecoder(server.settings().itemSizeMax())
            .yieldEvery(
                server.settings().tuning().reqsPerEvent(), server.stats().connYields::increment));
    p.addBefore(name, null, new BinaryConnectionHandler(server, connection));
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof BinaryRequest req)) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      if (!closing) {
        execute(ctx, req);
      }
    } finally {
      req.release();
    }
  }

  private void execute(ChannelHandlerContext ctx, BinaryRequest req) {
    connection.commandArrived();
    Outcome o;
    try {
      o = commands.execute(req, ctx.alloc(), r -> write(ctx, r));
    } catch (RuntimeException e) {
      // a bug in a command must not take the connection's neighbours down
      LOG.log(Level.SEVERE, e, () -> "internal error on " + req);
      write(ctx, BinaryResponse.error(req.opcode(), BinaryStatus.INTERNAL_ERROR, req.opaque()));
      o = Outcome.CLOSE;
    }
    if (o != Outcome.CONTINUE) {
      closing = true;
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private void write(ChannelHandlerContext ctx, BinaryResponse response) {
    stats.bytesWritten.add(response.wireLength());
    ctx.write(response, ctx.voidPromise());
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush(); // the responses of one read batch go out in one write
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      ctx.flush();
      if (closing) {
        return; // the close is under way
      }
    }
    ctx.fireUserEventTriggered(evt);
  }
}
