package io.memkube.proxy.net;

import io.memkube.protocol.Command;
import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.reply.ReplyKind;
import io.memkube.protocol.request.McRequest;
import io.memkube.proxy.admin.AdminCommands;
import io.memkube.proxy.pool.ConnectionPool;
import io.memkube.proxy.protocol.ClientCommand;
import io.memkube.proxy.route.ClientRouteContext;
import io.memkube.proxy.route.Router;
import io.memkube.proxy.state.ProxyState;
import io.memkube.proxy.state.ProxyStats;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;

/**
 * Acts on a client's decoded commands: answers the proxy's own commands and {@code __mcrouter__.*}
 * keys, routes every key of the others, and puts each command's place in the {@link ReplyQueue}.
 *
 * <p>Like memcached, a client that shuts down its write side (half-close: {@code nc -N}, {@code
 * Socket.shutdownOutput()}) still gets the replies to every command it sent before the EOF, in
 * order; then the connection is closed.
 */
final class ClientRequestDispatcher extends ChannelInboundHandlerAdapter {
  private static final byte[] MN = "MN\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EN = "EN\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final McReply NO_ROUTE =
      McReply.error(ReplyKind.LOCAL_ERROR, "No route for routing prefix");

  private final ProxyState state;
  private final ConnectionPool pool;
  private final AdminCommands admin;
  private final FlushAll flushAll;
  private final ClientReadGate gate;
  private final ReplyMemory memory;
  private ReplyQueue replies;
  private boolean stopped;

  ClientRequestDispatcher(
      ProxyState state,
      ConnectionPool pool,
      AdminCommands admin,
      ClientReadGate gate,
      ReplyMemory memory) {
    this.memory = memory;
    this.state = state;
    this.pool = pool;
    this.admin = admin;
    this.gate = gate;
    this.flushAll = new FlushAll(state, pool);
  }

  /** The client's address, for {@code --admin-keys-from}. */
  private java.net.SocketAddress remote;

  /** The thread's connections with this client's address, for routes that choose by client. */
  private ClientRouteContext routeContext;

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    remote = ctx.channel().remoteAddress();
    routeContext = new ClientRouteContext(pool, remote);
    replies =
        new ReplyQueue(
            ctx,
            gate,
            state.stats(),
            state.options().maxClientReplyBytes(),
            memory,
            this::routeMore);
    state.stats().currentConnections.increment();
    state.stats().totalConnections.increment();
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    state.stats().currentConnections.decrement();
    stopped = true;
    replies.close();
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (stopped) {
      return;
    }
    if (msg == ClientCommandDecoder.CLOSE || msg == ClientCommandDecoder.END_OF_INPUT) {
      closeAfterPendingReplies();
    } else {
      handle((ClientCommand) msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (replies != null) {
      replies.flush();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  private void handle(ClientCommand cmd) {
    if (cmd.isError()) {
      replies.add(new ReplySlot(cmd, cmd.errorReply().getBytes(StandardCharsets.US_ASCII)));
      return;
    }
    switch (cmd.op()) {
      case VERSION -> replies.add(ascii(cmd, "VERSION " + state.version() + "\r\n"));
      case META_NOOP -> replies.add(new ReplySlot(cmd, MN));
      case VERBOSITY -> replies.add(ascii(cmd, cmd.noreply() ? "" : "OK\r\n"));
      case STATS -> {
        // memcached answers in order: stats reflect every command before them
        ReplySlot slot = new ReplySlot(cmd, null);
        slot.deferred = () -> admin.stats(cmd.args()).getBytes(StandardCharsets.US_ASCII);
        replies.add(slot);
      }
      case QUIT -> {
        stopped = true;
        ReplySlot slot = new ReplySlot(cmd, new byte[0]);
        slot.closeAfter = true;
        replies.add(slot);
      }
      case FLUSH_ALL -> {
        state.stats().countCommand(Command.FLUSH_ALL);
        if (!state.options().enableFlushCommand()) {
          replies.add(ascii(cmd, "SERVER_ERROR Command disabled\r\n"));
        } else {
          ReplySlot slot = new ReplySlot(cmd, null);
          replies.add(slot);
          flushAll.run(cmd, reply -> replies.answer(slot, reply));
        }
      }
      default -> route(cmd);
    }
  }

  /**
   * memcached closes silently (over-long line, HTTP request) and after a client's EOF: answer what
   * came before, then close.
   */
  private void closeAfterPendingReplies() {
    stopped = true;
    ReplySlot slot = new ReplySlot(ClientCommand.error(""), new byte[0]);
    slot.closeAfter = true;
    replies.add(slot);
  }

  private static ReplySlot ascii(ClientCommand cmd, String text) {
    return new ReplySlot(cmd, text.getBytes(StandardCharsets.US_ASCII));
  }

  private void route(ClientCommand cmd) {
    count(cmd.op());
    ReplySlot slot = new ReplySlot(cmd);
    replies.add(slot);
    routeMore(slot);
  }

  /**
   * Routes the slot's next keys, at most a window ahead of what is written (the client's
   * outstanding limit): a multi-get of millions of keys holds a window of requests, not millions.
   */
  private void routeMore(ReplySlot slot) {
    slot.refillScheduled = false;
    int max = state.options().maxClientOutstanding();
    int window = max > 0 ? max : Integer.MAX_VALUE;
    var requests = slot.command.requests();
    Router router = state.config().router();
    while (slot.routed < requests.size()
        && slot.routed - slot.written < window
        && !replies.isClosed()) {
      int index = slot.routed++;
      routeKey(slot, index, requests.get(index), router);
    }
  }

  private void routeKey(ReplySlot slot, int index, McRequest req, Router router) {
    if (req.op().isRetrieval() && !req.op().isMeta() && AdminCommands.isAdminKey(req.key())) {
      replies.complete(slot, index, admin.get(req.key(), remote));
      return;
    }
    Router.Resolved resolved = router.resolve(req.key());
    if (resolved == null) {
      // As mcrouter: a routing error is never turned into a miss.
      state.stats().countError(req.op());
      replies.complete(slot, index, NO_ROUTE);
      return;
    }
    McRequest routed = resolved.key() == req.key() ? req : req.withKey(resolved.key());
    ProxyStats stats = state.stats();
    stats.outstanding.increment();
    resolved
        .route()
        .route(
            routed,
            routeContext,
            reply -> {
              stats.outstanding.decrement();
              replies.complete(slot, index, forClient(req, reply));
            });
  }

  /**
   * mcrouter's {@code miss_on_get_errors} (on unless {@code --disable-miss-on-get-errors}): a
   * routed get that failed answers as a miss.
   */
  private McReply forClient(McRequest req, McReply reply) {
    if (!reply.kind().isError()) {
      return reply;
    }
    state.stats().countError(req.op());
    if (!state.options().missOnGetErrors()) {
      return reply;
    }
    if (req.op() == Command.META_GET) {
      return McReply.meta(false, EN);
    }
    return req.op().isRetrieval() && !req.op().isMeta() ? McReply.MISS_REPLY : reply;
  }

  private void count(Command op) {
    state.stats().countCommand(op);
  }
}
