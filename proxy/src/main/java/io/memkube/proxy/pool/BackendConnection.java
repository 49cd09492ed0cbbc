package io.memkube.proxy.pool;

import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.reply.ReplyKind;
import io.memkube.protocol.reply.ReplyParser;
import io.memkube.protocol.request.McRequest;
import io.memkube.protocol.request.RequestEncoder;
import io.memkube.proxy.route.Destination;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
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
 * one write, with consecutive retrievals merged into one {@code get} line; replies come back in
 * order and are matched to the oldest outstanding request.
 */
public final class BackendConnection {
  private static final Logger LOG = Logger.getLogger(BackendConnection.class.getName());

  private final Destination destination;
  private final EventLoop loop;
  private final Bootstrap bootstrap;
  private final ConnectionLimits limits;
  private final ArrayDeque<WireRequest> outbox = new ArrayDeque<>();
  private final ArrayDeque<WireRequest> inflight = new ArrayDeque<>();
  private final Runnable flushTask = this::flushOutbox;
  private Channel channel;
  private boolean connecting;
  private boolean flushScheduled;
  private int outboxKeys;
  private int inflightKeys;
  private long lastActivityNanos = System.nanoTime();
  private ScheduledFuture<?> sweeper;
  private boolean closedOnPurpose;

  BackendConnection(
      Destination destination, EventLoop loop, Bootstrap bootstrap, ConnectionLimits limits) {
    this.destination = destination;
    this.loop = loop;
    this.bootstrap = bootstrap;
    this.limits = limits;
  }

  public void send(McRequest req, Consumer<McReply> done) {
    if (outboxKeys >= limits.maxPending()) {
      done.accept(McReply.error(ReplyKind.BUSY, "Server busy: too many pending requests"));
      return;
    }
    destination.countRequest();
    lastActivityNanos = System.nanoTime();
    WireRequest last = outbox.peekLast();
    if (last != null && last.accepts(req, limits.maxBatchKeys())) {
      last.add(req, done);
    } else {
      long deadline =
          lastActivityNanos + TimeUnit.MILLISECONDS.toNanos(destination.timeoutMillis());
      outbox.add(new WireRequest(req, done, deadline));
    }
    outboxKeys++;
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
            .handler(new ReplyHandler())
            .connect(destination.address().host(), destination.address().port());
    f.addListener(
        future -> {
          connecting = false;
          if (future.isSuccess()) {
            channel = f.channel();
            startSweeper();
            flushOutbox();
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

  private void flushOutbox() {
    flushScheduled = false;
    if (channel == null || !channel.isActive() || outbox.isEmpty()) {
      return;
    }
    ByteBuf out = channel.alloc().ioBuffer();
    while (!outbox.isEmpty() && inflightKeys < limits.maxInflight()) {
      WireRequest w = outbox.poll();
      outboxKeys -= w.size();
      if (w.timedOut) {
        continue;
      }
      if (w.size() == 1) {
        RequestEncoder.encode(w.requests.get(0), out);
      } else {
        RequestEncoder.encodeRetrieval(w.requests, out);
      }
      inflight.add(w);
      inflightKeys += w.size();
    }
    if (out.isReadable()) {
      channel.writeAndFlush(out, channel.voidPromise());
    } else {
      out.release();
    }
  }

  private void onReplies(ByteBuf in) {
    lastActivityNanos = System.nanoTime();
    while (in.isReadable()) {
      WireRequest head = inflight.peek();
      if (head == null) {
        throw new ReplyParser.BadReplyException("reply with no request outstanding");
      }
      List<McReply> replies;
      if (head.isBatchableRetrieval()) {
        List<byte[]> keys = new ArrayList<>(head.size());
        for (McRequest r : head.requests) {
          keys.add(r.key());
        }
        replies = ReplyParser.parseRetrieval(in, keys);
      } else {
        McReply r = ReplyParser.parse(in, head.op);
        replies = r == null ? null : List.of(r);
      }
      if (replies == null) {
        return;
      }
      inflight.poll();
      inflightKeys -= head.size();
      destination.health().recordReply();
      if (replies.get(0).kind() == ReplyKind.REMOTE_ERROR) {
        destination.countError();
      }
      head.complete(replies);
    }
    if (!outbox.isEmpty() && !flushScheduled) {
      flushScheduled = true;
      loop.execute(flushTask);
    }
  }

  private void startSweeper() {
    if (sweeper != null) {
      return;
    }
    long tick = Math.max(5, Math.min(100, destination.timeoutMillis() / 5));
    sweeper = loop.scheduleAtFixedRate(this::sweep, tick, tick, TimeUnit.MILLISECONDS);
  }

  /** Times out overdue requests and closes the connection when it has been idle long enough. */
  private void sweep() {
    long now = System.nanoTime();
    McReply timeout = McReply.error(ReplyKind.TIMEOUT, "Server timeout");
    for (WireRequest w : inflight) {
      if (w.deadlineNanos - now > 0) {
        break;
      }
      if (!w.timedOut) {
        w.expire(timeout);
        destination.countError();
        destination.health().recordTimeout();
      }
    }
    while (!outbox.isEmpty() && outbox.peek().deadlineNanos - now <= 0) {
      WireRequest w = outbox.poll();
      outboxKeys -= w.size();
      w.expire(timeout);
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
    inflightKeys = 0;
    outboxKeys = 0;
    for (WireRequest w : all) {
      if (!w.timedOut) {
        destination.countError();
      }
      w.completeAll(reply);
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
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.fine(() -> "connection to " + destination + " failed: " + cause);
      ctx.close();
    }
  }
}
