package io.memkube.proxy.net;

import io.memkube.protocol.Command;
import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.reply.ReplyEncoder;
import io.memkube.protocol.reply.ReplyKind;
import io.memkube.protocol.request.McRequest;
import io.memkube.proxy.admin.AdminCommands;
import io.memkube.proxy.pool.ConnectionPool;
import io.memkube.proxy.protocol.ClientCommand;
import io.memkube.proxy.protocol.ClientCommandReader;
import io.memkube.proxy.route.Router;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * One client connection: reads commands, routes each key, and writes replies in command order.
 * Stops reading while too many commands are unanswered, so a slow server cannot make the proxy
 * buffer a fast client's requests without bound.
 *
 * <p>Like memcached, a client that shuts down its write side (half-close: {@code nc -N}, {@code
 * Socket.shutdownOutput()}) still gets the replies to every command it sent before the EOF, in
 * order; then the connection is closed. The server channel must allow half-closure for this
 * (otherwise Netty closes the connection at the EOF and the in-flight replies are lost).
 */
final class ClientConnectionHandler extends ChannelInboundHandlerAdapter {
  private static final byte[] MN = "MN\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EN = "EN\r\n".getBytes(StandardCharsets.US_ASCII);

  private final ProxyState state;
  private final ConnectionPool pool;
  private final AdminCommands admin;
  private final FlushAll flushAll;
  private final ClientCommandReader reader = new ClientCommandReader();
  private final ArrayDeque<ReplySlot> slots = new ArrayDeque<>();
  private final Runnable flushTask = this::flushNow;
  private final Runnable resumeTask = this::resume;
  private ChannelHandlerContext ctx;
  private ByteBuf cumulation;
  private ByteBuf out;
  private boolean flushScheduled;
  private boolean paused;
  private boolean closing;

  /** After {@code quit} (or input memcached would drop the connection for) nothing more is read. */
  private boolean stopReading;

  /** The client has shut down its write side: once every command read is answered, close. */
  private boolean inputClosed;

  ClientConnectionHandler(ProxyState state, ConnectionPool pool, AdminCommands admin) {
    this.state = state;
    this.pool = pool;
    this.admin = admin;
    this.flushAll = new FlushAll(state, pool);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    state.stats().currentConnections.increment();
    state.stats().totalConnections.increment();
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    state.stats().currentConnections.decrement();
    closing = true;
    // Replies still on their way find no slot: nothing of a gone client is kept until they come.
    slots.clear();
    if (cumulation != null) {
      cumulation.release();
      cumulation = null;
    }
    if (out != null) {
      out.release();
      out = null;
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf buf = (ByteBuf) msg;
    if (closing || stopReading) {
      buf.release();
      return;
    }
    cumulation =
        cumulation == null
            ? buf
            : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cumulation, buf);
    processInput();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    flushNow();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      inputClosed = true;
      closeOnceInputIsProcessed();
    }
    ctx.fireUserEventTriggered(evt);
  }

  /**
   * After the client's EOF, the commands already received are answered and the connection then
   * closed, as memcached does; an incomplete last command is dropped. While reading is paused the
   * buffered commands are not yet processed: {@link #resume} comes back here.
   */
  private void closeOnceInputIsProcessed() {
    if (inputClosed && !paused && !stopReading && !closing) {
      closeAfterPendingReplies();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  private void processInput() {
    while (!paused && !closing && !stopReading && cumulation != null && cumulation.isReadable()) {
      ClientCommandReader.Result r = reader.read(cumulation);
      if (r instanceof ClientCommandReader.Result.NeedMore) {
        break;
      }
      if (r instanceof ClientCommandReader.Result.Close) {
        closeAfterPendingReplies();
        break;
      }
      handle(((ClientCommandReader.Result.Read) r).command());
      if (slots.size() >= state.options().maxClientOutstanding()) {
        paused = true;
        ctx.channel().config().setAutoRead(false);
      }
    }
    if (cumulation != null && !cumulation.isReadable()) {
      cumulation.release();
      cumulation = null;
    } else if (cumulation != null) {
      cumulation.discardSomeReadBytes();
    }
  }

  private void handle(ClientCommand cmd) {
    if (cmd.isError()) {
      enqueueReady(new ReplySlot(cmd, cmd.errorReply().getBytes(StandardCharsets.US_ASCII)));
      return;
    }
    switch (cmd.op()) {
      case VERSION -> enqueueReady(ascii(cmd, "VERSION " + state.version() + "\r\n"));
      case META_NOOP -> enqueueReady(new ReplySlot(cmd, MN));
      case VERBOSITY -> enqueueReady(ascii(cmd, cmd.noreply() ? "" : "OK\r\n"));
      case STATS -> {
        // memcached answers in order: stats reflect every command before them
        ReplySlot slot = new ReplySlot(cmd, null);
        slot.deferred = () -> admin.stats(cmd.args()).getBytes(StandardCharsets.US_ASCII);
        enqueueReady(slot);
      }
      case QUIT -> {
        stopReading = true;
        ReplySlot slot = new ReplySlot(cmd, new byte[0]);
        slot.closeAfter = true;
        enqueueReady(slot);
      }
      case FLUSH_ALL -> {
        state.stats().cmdOther.increment();
        if (!state.options().enableFlushCommand()) {
          enqueueReady(ascii(cmd, "SERVER_ERROR Command disabled\r\n"));
        } else {
          ReplySlot slot = new ReplySlot(cmd, null);
          slots.add(slot);
          flushAll.run(
              cmd,
              reply -> {
                slot.raw = reply;
                drain();
              });
        }
      }
      default -> route(cmd);
    }
  }

  /**
   * memcached closes silently (over-long line, HTTP request): answer what came before, then close.
   */
  private void closeAfterPendingReplies() {
    stopReading = true;
    ReplySlot slot = new ReplySlot(ClientCommand.error(""), new byte[0]);
    slot.closeAfter = true;
    enqueueReady(slot);
  }

  private static ReplySlot ascii(ClientCommand cmd, String text) {
    return new ReplySlot(cmd, text.getBytes(StandardCharsets.US_ASCII));
  }

  private void route(ClientCommand cmd) {
    count(cmd.op());
    ReplySlot slot = new ReplySlot(cmd);
    slots.add(slot);
    Router router = state.config().router();
    var requests = cmd.requests();
    for (int i = 0; i < requests.size(); i++) {
      McRequest req = requests.get(i);
      int index = i;
      if (req.op().isRetrieval() && !req.op().isMeta() && AdminCommands.isAdminKey(req.key())) {
        complete(slot, index, admin.get(req.key()));
        continue;
      }
      Router.Resolved resolved = router.resolve(req.key());
      if (resolved == null) {
        complete(slot, index, McReply.error(ReplyKind.LOCAL_ERROR, "No route for routing prefix"));
        continue;
      }
      McRequest routed = resolved.key() == req.key() ? req : req.withKey(resolved.key());
      resolved.route().route(routed, pool, reply -> complete(slot, index, reply));
    }
  }

  private void complete(ReplySlot slot, int index, McReply reply) {
    if (slot.set(index, reply) && slot == slots.peek()) {
      drain();
    }
  }

  private void enqueueReady(ReplySlot slot) {
    slots.add(slot);
    if (slot == slots.peek()) {
      drain();
    }
  }

  /** Writes every answered slot at the head of the queue. */
  private void drain() {
    if (closing) {
      slots.clear();
      return;
    }
    while (!slots.isEmpty()) {
      ReplySlot head = slots.peek();
      if (head.deferred != null && head.raw == null) {
        head.raw = head.deferred.get();
      }
      boolean ready = head.replies.length == 0 ? head.raw != null : head.isComplete();
      if (!ready) {
        break;
      }
      slots.poll();
      encode(head);
      if (head.closeAfter) {
        closeAfterWrites();
        return;
      }
    }
    scheduleFlush();
    if (paused && slots.size() < state.options().maxClientOutstanding() / 2 + 1) {
      paused = false;
      ctx.channel().eventLoop().execute(resumeTask);
    }
  }

  /**
   * Closes once every reply written so far has reached the socket: closing at once would discard
   * what the socket could not take yet (large replies, a client slow to read). Writes complete in
   * order, so the last one completing means all have.
   */
  private void closeAfterWrites() {
    closing = true;
    slots.clear();
    flushScheduled = false;
    ByteBuf b = out != null ? out : Unpooled.EMPTY_BUFFER;
    out = null;
    if (ctx.channel().isActive()) {
      ctx.writeAndFlush(b).addListener(ChannelFutureListener.CLOSE);
    } else {
      b.release();
      ctx.close();
    }
  }

  private void resume() {
    if (closing) {
      return;
    }
    if (!inputClosed) {
      ctx.channel().config().setAutoRead(true);
    }
    processInput();
    closeOnceInputIsProcessed();
    flushNow();
  }

  private void encode(ReplySlot slot) {
    if (slot.raw != null) {
      if (slot.raw.length > 0) {
        buffer().writeBytes(slot.raw);
      }
      return;
    }
    ClientCommand cmd = slot.command;
    ProxyStats stats = state.stats();
    if (cmd.isMultiKeyRetrieval()) {
      boolean withCas = cmd.op() == Command.GETS || cmd.op() == Command.GATS;
      McReply error = null;
      for (McReply r : slot.replies) {
        if (r.kind() == ReplyKind.HIT) {
          stats.getHits.increment();
        } else {
          stats.getMisses.increment();
          if (r.kind().isError() && error == null) {
            error = r;
          }
        }
      }
      if (error != null && !state.options().missOnGetErrors()) {
        stats.errorReplies.increment();
        ReplyEncoder.encode(error, buffer());
        return;
      }
      ByteBuf b = buffer();
      for (int i = 0; i < slot.replies.length; i++) {
        ReplyEncoder.encodeValue(cmd.requests().get(i).key(), slot.replies[i], withCas, b);
      }
      b.writeBytes(ReplyEncoder.END);
      return;
    }
    McReply reply = slot.replies[0];
    if (reply.kind().isError()) {
      stats.errorReplies.increment();
      if (cmd.op() == Command.META_GET && state.options().missOnGetErrors()) {
        reply = McReply.meta(false, EN);
      }
    }
    if (cmd.noreply() && suppressed(cmd.op(), reply)) {
      return;
    }
    ReplyEncoder.encode(reply, buffer());
  }

  /**
   * Whether a noreply/quiet command's reply is dropped: all for classic ones, the routine for meta.
   */
  private static boolean suppressed(Command op, McReply reply) {
    if (!op.isMeta()) {
      return true;
    }
    if (op == Command.META_GET) {
      return reply.kind() == ReplyKind.META_MISS;
    }
    if (reply.kind() == ReplyKind.META_OK) {
      return reply.value().length >= 2 && reply.value()[0] == 'H' && reply.value()[1] == 'D';
    }
    return op == Command.META_DELETE
        && reply.kind() == ReplyKind.META_MISS
        && reply.value()[0] == 'N'
        && reply.value()[1] == 'F';
  }

  private void count(Command op) {
    ProxyStats s = state.stats();
    switch (op.kind()) {
      case RETRIEVAL -> s.cmdGet.increment();
      case STORAGE -> s.cmdSet.increment();
      case DELETE -> s.cmdDelete.increment();
      default -> s.cmdOther.increment();
    }
  }

  private ByteBuf buffer() {
    if (out == null) {
      out = ctx.alloc().ioBuffer();
    }
    return out;
  }

  private void scheduleFlush() {
    if (!flushScheduled && out != null) {
      flushScheduled = true;
      ctx.channel().eventLoop().execute(flushTask);
    }
  }

  private void flushNow() {
    flushScheduled = false;
    if (out != null && ctx != null) {
      ByteBuf b = out;
      out = null;
      if (ctx.channel().isActive()) {
        ctx.writeAndFlush(b, ctx.voidPromise());
      } else {
        b.release();
      }
    }
  }
}
