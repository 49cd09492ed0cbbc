package io.memkube.proxy.pool;

import io.memkube.protocol.Command;
import io.memkube.protocol.codec.LoopReceiveBuffers;
import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.reply.ReplyKind;
import io.memkube.protocol.reply.ReplyParser;
import io.memkube.protocol.request.McRequest;
import io.memkube.protocol.request.RequestEncoder;
import io.memkube.protocol.tls.TlsFailures;
import io.memkube.proxy.auth.ServerCredentials;
import io.memkube.proxy.configmodel.spec.ServerAddress;
import io.memkube.proxy.route.Destination;
import io.memkube.proxy.tls.ProxyTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one pipelined connection from one proxy thread to one server. Everything runs on that
 * thread's event loop. Requests queue while connecting; those sent in one loop iteration go out in
 * one write. Each key is its own request (a multi-get is split per key, as mcrouter does), but
 * consecutive retrievals share a {@code get} line on the wire; replies come back in order and are
 * matched key by key to the oldest outstanding request.
 *
 * <p>Timeouts follow the server's progress, so that they scale with the size of what is being read:
 * a request times out once the server timeout has passed since it was written <em>and</em> since
 * the last bytes arrived on the connection. A connection streaming a 60 MB reply is not stalled;
 * one that says nothing is. Replies are always read as they come (a client slow to read is bounded
 * on the client side), so a slow client never makes a server look slow.
 *
 * <p>The connection stops taking requests from its queue while the server does not read what was
 * written (Netty's writability); they wait, up to {@code --target-max-pending-requests}.
 */
public final class BackendConnection {
  private static final Logger LOG = Logger.getLogger(BackendConnection.class.getName());
  private static final McReply TIMEOUT = McReply.error(ReplyKind.TIMEOUT, "Server timeout");

  /**
   * Bounds of one retrieval line shared by several requests: memcached reads a long line in parts,
   * and one key's error line answers all of its line.
   */
  private static final int MAX_LINE_KEYS = 100;

  private static final int MAX_LINE_BYTES = 2048;

  private final Destination destination;
  private final EventLoop loop;
  private final Bootstrap bootstrap;
  private final ConnectionLimits limits;
  private final ProxyTls tls;
  private final ArrayDeque<WireRequest> outbox = new ArrayDeque<>();
  private final ArrayDeque<WireRequest> inflight = new ArrayDeque<>();
  private final Runnable flushTask = this::flushOutbox;
  private Channel channel;
  private boolean connecting;
  private boolean flushScheduled;
  private long lastActivityNanos = System.nanoTime();

  /** When bytes last came from the server on this connection (a timeout needs silence). */
  private long lastReadNanos = Long.MIN_VALUE / 2;

  /** An error line that answered a retrieval line's key; the line's later keys get it too. */
  private McReply lineError;

  private ScheduledFuture<?> sweeper;
  private boolean closedOnPurpose;

  /**
   * The login sent as the connection's first request is not answered yet: nothing else is written
   * until it is, so no request reaches a {@code -Y} server unauthenticated.
   */
  private boolean loggingIn;

  /** Who the pending login is for, for the log line when it is refused. */
  private ServerCredentials loginCredentials;

  BackendConnection(
      Destination destination,
      EventLoop loop,
      Bootstrap bootstrap,
      ConnectionLimits limits,
      ProxyTls tls) {
    this.destination = destination;
    this.loop = loop;
    this.bootstrap = bootstrap;
    this.limits = limits;
    this.tls = tls;
  }

  public void send(McRequest req, Consumer<McReply> done) {
    if (outbox.size() >= limits.maxPending()) {
      done.accept(McReply.error(ReplyKind.BUSY, "Server busy: too many pending requests"));
      return;
    }
    destination.countRequest(req.op());
    lastActivityNanos = System.nanoTime();
    outbox.add(new WireRequest(req, done, lastActivityNanos));
    if (channel == null) {
      connect();
    } else if (!flushScheduled) {
      flushScheduled = true;
      loop.execute(flushTask);
    }
  }

  private void connect() {
    if (connecting) {
      return;
    }
    connecting = true;
    closedOnPurpose = false;
    ChannelFuture f =
        bootstrap
            .clone()
            .group(loop)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, limits.connectTimeoutMillis())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.RECVBUF_ALLOCATOR, new LoopReceiveBuffers())
            .handler(handlers())
            .connect(destination.address().host(), destination.address().port());
    f.addListener(
        future -> {
          connecting = false;
          if (future.isSuccess()) {
            channel = f.channel();
            destination.connectionsChanged(1);
            channel.closeFuture().addListener(closed -> destination.connectionsChanged(-1));
            lastReadNanos = Long.MIN_VALUE / 2;
            startSweeper();
            ServerCredentials login = destination.credentials();
            if (login != null) {
              logIn(login);
            } else {
              flushOutbox();
            }
          } else {
            String why = "connect error: " + future.cause().getMessage();
            destination.health().recordConnectError(why);
            failAll(McReply.error(ReplyKind.CONNECT_ERROR, "Server unavailable. Reason: " + why));
          }
        });
    if (sweeper == null) {
      startSweeper();
    }
  }

  /**
   * The connection's pipeline: TLS first for a {@code use_ssl} server (requests written before the
   * handshake ends wait in the TLS handler; a failed handshake closes the connection, which fails
   * them as a connect error).
   */
  private ChannelHandler handlers() {
    if (!destination.address().tls()) {
      return new ReplyHandler();
    }
    return new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        ServerAddress a = destination.address();
        ch.pipeline()
            .addLast(tls.upstreamHandler(ch.alloc(), a.host(), a.port()), new ReplyHandler());
      }
    };
  }

  /**
   * memcached's ASCII authentication as the connection's first request ({@link
   * ServerDialer#loginRequest}); the requests wait in the outbox for its {@code STORED}.
   */
  private void logIn(ServerCredentials login) {
    loggingIn = true;
    loginCredentials = login;
    byte[] request = ServerDialer.loginRequest(login.login());
    channel.writeAndFlush(channel.alloc().ioBuffer(request.length).writeBytes(request));
  }

  /**
   * Reads the login's answer from the start of {@code in}: true once {@code STORED} came (the
   * queued requests go out), false while the line is incomplete; a refusal marks the server down.
   */
  private boolean loginAnswered(ByteBuf in) {
    int eol = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
    if (eol < 0) {
      if (in.readableBytes() > 1024) {
        throw new ReplyParser.BadReplyException("no line in answer to the login");
      }
      return false;
    }
    String answer =
        in.toString(in.readerIndex(), eol - in.readerIndex(), StandardCharsets.US_ASCII).strip();
    in.readerIndex(eol + 1);
    if (answer.equals("STORED")) {
      loggingIn = false;
      return true;
    }
    loginRefused(answer);
    return false;
  }

  /**
   * The server refused the pool's credentials: counted, said once per connection with the pool and
   * the file to fix, and the server is marked down (hard TKO: the prober logs in again until the
   * credentials or the server's file change). The requests that waited fail; none was sent.
   */
  private void loginRefused(String answer) {
    ServerCredentials c = loginCredentials;
    destination.countAuthFailure();
    LOG.severe(
        () ->
            "server "
                + destination
                + " of pool "
                + destination.credentialsPool()
                + " refused the proxy's login as user "
                + c.login().userName()
                + " from credentials file "
                + c.file()
                + ": "
                + answer
                + "; no request is sent to it until a login succeeds");
    destination.health().recordConnectError("authentication failure: " + answer);
    failAll(
        McReply.error(
            ReplyKind.CONNECT_ERROR,
            "Server unavailable. Reason: authentication failure toward the server"));
    close();
  }

  private void flushOutbox() {
    flushScheduled = false;
    if (loggingIn
        || channel == null
        || !channel.isActive()
        || !channel.isWritable()
        || outbox.isEmpty()) {
      return;
    }
    // Write no more than the channel takes before it turns unwritable (at least one request, which
    // may be larger): the rest waits here until the server reads (channelWritabilityChanged).
    long room = channel.bytesBeforeUnwritable();
    ByteBuf out = channel.alloc().ioBuffer();
    long now = System.nanoTime();
    WireRequest line = null;
    int lineKeys = 0;
    int lineStart = 0;
    while (!outbox.isEmpty()
        && inflight.size() < limits.maxInflight()
        && (out.writerIndex() == 0 || out.writerIndex() < room)) {
      WireRequest w = outbox.poll();
      if (w.timedOut) {
        continue;
      }
      if (line != null
          && lineKeys < MAX_LINE_KEYS
          && out.writerIndex() - lineStart < MAX_LINE_BYTES
          && sharesLine(line.request, w.request)) {
        // Consecutive retrievals share one line, as memcached answers many keys of one line for
        // far less than as many lines; each key is still its own request, read as it comes.
        RequestEncoder.appendRetrievalKey(w.request.key(), out);
        line.lastOfLine = false;
        lineKeys++;
      } else {
        lineStart = out.writerIndex();
        RequestEncoder.encode(w.request, out);
        lineKeys = 1;
      }
      line = isClassicRetrieval(w.request.op()) ? w : null;
      w.sinceNanos = now;
      inflight.add(w);
    }
    if (out.isReadable()) {
      channel.writeAndFlush(out, channel.voidPromise());
    } else {
      out.release();
    }
  }

  /** Whether {@code next} may be sent on the retrieval line of {@code first}. */
  private static boolean sharesLine(McRequest first, McRequest next) {
    Command op = first.op();
    return next.op() == op
        && ((op != Command.GAT && op != Command.GATS) || next.exptime() == first.exptime());
  }

  private void onReplies(ByteBuf in) {
    lastActivityNanos = System.nanoTime();
    lastReadNanos = lastActivityNanos;
    if (loggingIn && !loginAnswered(in)) {
      return;
    }
    while (true) {
      WireRequest head = inflight.peek();
      if (head == null) {
        if (in.isReadable()) {
          throw new ReplyParser.BadReplyException("reply with no request outstanding");
        }
        break;
      }
      McReply reply;
      if (lineError != null) {
        // The server refused the whole line: its other keys have the same answer.
        reply = lineError;
        if (head.lastOfLine) {
          lineError = null;
        }
      } else if (!in.isReadable()) {
        break;
      } else if (isClassicRetrieval(head.request.op())) {
        reply = ReplyParser.parseRetrievalKey(in, head.request.key(), head.lastOfLine);
        if (reply != null && reply.kind().isError() && !head.lastOfLine) {
          lineError = reply;
        }
      } else {
        reply = ReplyParser.parse(in, head.request.op());
      }
      if (reply == null) {
        return;
      }
      inflight.poll();
      destination.health().recordReply();
      // one clock read per read of the socket: the replies of one read share it
      destination.recordLatency(lastReadNanos - head.sinceNanos);
      if (reply.kind() == ReplyKind.REMOTE_ERROR) {
        destination.countError(Destination.ErrorKind.REMOTE_ERROR);
      }
      head.complete(reply);
    }
    if (!outbox.isEmpty() && !flushScheduled) {
      flushScheduled = true;
      loop.execute(flushTask);
    }
  }

  private static boolean isClassicRetrieval(Command op) {
    return op == Command.GET || op == Command.GETS || op == Command.GAT || op == Command.GATS;
  }

  private void startSweeper() {
    if (sweeper != null) {
      return;
    }
    long tick = Math.max(5, Math.min(100, destination.timeoutMillis() / 5));
    sweeper = loop.scheduleAtFixedRate(this::sweep, tick, tick, TimeUnit.MILLISECONDS);
  }

  /**
   * Times out requests that waited the server timeout with the server silent all that time, and
   * closes the connection when it has been idle long enough.
   */
  private void sweep() {
    long now = System.nanoTime();
    long timeout = TimeUnit.MILLISECONDS.toNanos(destination.timeoutMillis());
    for (WireRequest w : inflight) {
      if (now - Math.max(w.sinceNanos, lastReadNanos) < timeout) {
        break;
      }
      if (!w.timedOut) {
        w.expire(TIMEOUT);
        destination.countError(Destination.ErrorKind.TIMEOUT);
        destination.health().recordTimeout();
      }
    }
    while (!outbox.isEmpty()
        && now - Math.max(outbox.peek().sinceNanos, lastReadNanos) >= timeout) {
      WireRequest w = outbox.poll();
      w.expire(TIMEOUT);
      destination.health().recordTimeout();
    }
    if (destination.health().isTko() && channel != null && !inflight.isEmpty() && allTimedOut()) {
      // The server stopped answering this connection: start afresh once a probe brings it back,
      // instead of queueing new requests behind replies that may never come.
      close();
      return;
    }
    boolean idle = inflight.isEmpty() && outbox.isEmpty() && !connecting;
    if (idle
        && limits.idleCloseMillis() > 0
        && now - lastActivityNanos > TimeUnit.MILLISECONDS.toNanos(limits.idleCloseMillis())) {
      close();
    }
  }

  private boolean allTimedOut() {
    for (WireRequest w : inflight) {
      if (!w.timedOut) {
        return false;
      }
    }
    return true;
  }

  /** Closes the connection without marking the server down; the next request reopens it. */
  void close() {
    closedOnPurpose = true;
    loggingIn = false;
    if (sweeper != null) {
      sweeper.cancel(false);
      sweeper = null;
    }
    if (channel != null) {
      channel.close();
      channel = null;
    }
    failAll(
        McReply.error(ReplyKind.CONNECT_ERROR, "Server unavailable. Reason: connection closed"));
  }

  private void failAll(McReply reply) {
    List<WireRequest> all = new ArrayList<>(inflight.size() + outbox.size());
    all.addAll(inflight);
    all.addAll(outbox);
    inflight.clear();
    outbox.clear();
    lineError = null;
    for (WireRequest w : all) {
      if (!w.timedOut) {
        destination.countError(Destination.ErrorKind.CONNECT_ERROR);
      }
      w.complete(reply);
    }
  }

  /** Reads replies with its own cumulation, so partial replies wait for more bytes. */
  private final class ReplyHandler extends ChannelInboundHandlerAdapter {
    private ByteBuf cumulation;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      cumulation =
          cumulation == null
              ? buf
              : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cumulation, buf);
      try {
        onReplies(cumulation);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "bad reply from " + destination + ", closing the connection", e);
        ctx.close();
      } finally {
        if (cumulation != null && !cumulation.isReadable()) {
          cumulation.release();
          cumulation = null;
        } else if (cumulation != null && cumulation.readerIndex() > 64 * 1024) {
          cumulation.discardSomeReadBytes();
        }
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (cumulation != null) {
        cumulation.release();
        cumulation = null;
      }
      if (channel == ctx.channel()) {
        channel = null;
        loggingIn = false;
      }
      if (!closedOnPurpose) {
        destination.health().recordConnectError("connection closed by server");
        failAll(
            McReply.error(
                ReplyKind.CONNECT_ERROR, "Server unavailable. Reason: connection closed"));
      }
      if (sweeper != null && channel == null && !connecting) {
        sweeper.cancel(false);
        sweeper = null;
      }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (ctx.channel().isWritable() && ctx.channel() == channel) {
        flushOutbox();
      }
      ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.fine(() -> "connection to " + destination + " failed: " + cause);
      ctx.close();
    }

    /**
     * A failed TLS handshake (an expired or unknown certificate, a refused client certificate)
     * marks the server down with the reason, so the log and the TKO say why, not just "closed".
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
        String why = "TLS handshake failed: " + TlsFailures.describe(done.cause());
        LOG.warning(() -> "server " + destination + ": " + why);
        destination.health().recordConnectError(why);
      }
      ctx.fireUserEventTriggered(evt);
    }
  }
}
