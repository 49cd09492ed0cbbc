package io.memkube.proxy.net;

import io.memkube.protocol.Command;
import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.reply.ReplyKind;
import io.memkube.proxy.protocol.ClientCommand;
import io.memkube.proxy.state.ProxyStats;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * One client's replies in command order. Replies of later commands that arrive first wait in their
 * slot; what is at the head is written as soon as it is known (a multi-get key by key), and one
 * flush per event-loop turn sends it.
 */
final class ReplyQueue {
  /** memcached's words when it cannot buffer a reply for a client. */
  static final McReply OUT_OF_MEMORY =
      McReply.error(ReplyKind.LOCAL_ERROR, "out of memory writing get response");

  private final ChannelHandlerContext ctx;
  private final ClientReadGate gate;
  private final ProxyStats stats;
  private final long maxBufferedBytes;
  private final ReplyMemory memory;
  private final Consumer<ReplySlot> routeMore;
  private final ArrayDeque<ReplySlot> slots = new ArrayDeque<>();
  private final Runnable flushTask = this::flush;
  private boolean flushScheduled;
  private boolean unflushed;
  private boolean closed;

  /**
   * @param routeMore routes more keys of a slot whose keys are routed a window at a time; called in
   *     a task of its own once some of the slot's replies were written
   */
  ReplyQueue(
      ChannelHandlerContext ctx,
      ClientReadGate gate,
      ProxyStats stats,
      long maxBufferedBytes,
      ReplyMemory memory,
      Consumer<ReplySlot> routeMore) {
    this.memory = memory;
    this.ctx = ctx;
    this.routeMore = routeMore;
    this.gate = gate;
    this.stats = stats;
    this.maxBufferedBytes = maxBufferedBytes;
  }

  /** Adds a slot at the tail; it counts as unanswered requests until it is written. */
  void add(ReplySlot slot) {
    if (closed) {
      return;
    }
    slots.add(slot);
    gate.requested(slot.requestCount());
    if (slot == slots.peek()) {
      drain();
    }
  }

  /** A slot answered with bytes, as soon as they are known. */
  void answer(ReplySlot slot, byte[] raw) {
    slot.raw = raw;
    if (!closed && slot == slots.peek()) {
      drain();
    }
  }

  /** Key {@code index} of a routed slot has its reply. */
  void complete(ReplySlot slot, int index, McReply reply) {
    if (closed) {
      return;
    }
    if (carriesValue(reply) && isOverBudget(reply.value().length)) {
      // The client is not reading what it asked for: the value is not kept for it.
      reply = OUT_OF_MEMORY;
      stats.errorReplies.increment();
    }
    if (!slot.set(index, reply)) {
      return;
    }
    gate.hold(size(reply));
    if (slot == slots.peek()) {
      drain();
    }
  }

  boolean isClosed() {
    return closed;
  }

  /** A hit of a classic retrieval, or a meta reply with its data (mg's VA). */
  private static boolean carriesValue(McReply reply) {
    return reply.kind() == ReplyKind.HIT
        || (reply.kind() == ReplyKind.META_OK
            && reply.value().length > 3
            && reply.value()[0] == 'V'
            && reply.value()[1] == 'A'
            && reply.value()[2] == ' ');
  }

  /** Whether a value of {@code size} bytes may not be kept for this client. */
  private boolean isOverBudget(long size) {
    long buffered = gate.bufferedBytes() + size;
    if (maxBufferedBytes > 0 && buffered > maxBufferedBytes) {
      return true;
    }
    return buffered > ctx.channel().config().getWriteBufferHighWaterMark()
        && memory.isUnderPressure(ctx.alloc());
  }

  /** The connection is gone: replies still on their way find nothing to fill. */
  void close() {
    closed = true;
    slots.clear();
    gate.finish();
  }

  /** Writes every answered slot (and answered keys of the first unfinished one) at the head. */
  private void drain() {
    while (!slots.isEmpty()) {
      ReplySlot head = slots.peek();
      if (!writeAnswered(head)) {
        break;
      }
      slots.poll();
      if (head.closeAfter) {
        closeAfterWrites();
        return;
      }
    }
    scheduleFlush();
    gate.update();
  }

  /** Writes what is answered of the slot; true when the whole slot is written. */
  private boolean writeAnswered(ReplySlot slot) {
    if (!slot.isRouted()) {
      if (slot.raw == null && slot.deferred != null) {
        slot.raw = slot.deferred.get();
      }
      if (slot.raw == null) {
        return false;
      }
      if (slot.raw.length > 0) {
        write(new ClientReply.Raw(slot.raw));
      }
      gate.answered(1);
      return true;
    }
    ClientCommand cmd = slot.command;
    boolean classicRetrieval = cmd.isMultiKeyRetrieval();
    boolean withCas = cmd.op() == Command.GETS || cmd.op() == Command.GATS;
    while (slot.written < slot.replies.length && slot.replies[slot.written] != null) {
      int i = slot.written++;
      McReply r = slot.replies[i];
      gate.release(size(r));
      gate.answered(1);
      if (classicRetrieval) {
        writeRetrievalPart(slot, i, r, withCas);
      } else {
        writeSingle(cmd, r);
      }
    }
    if (slot.written < slot.replies.length) {
      if (slot.routed < slot.replies.length && !slot.refillScheduled) {
        slot.refillScheduled = true;
        ctx.channel().eventLoop().execute(() -> routeMore.accept(slot));
      }
      return false;
    }
    if (classicRetrieval) {
      write(new ClientReply.End(slot.firstError));
    }
    return true;
  }

  private void writeRetrievalPart(ReplySlot slot, int i, McReply r, boolean withCas) {
    if (r.kind() == ReplyKind.HIT) {
      stats.getHits.increment();
      write(new ClientReply.Value(slot.command.requests().get(i).key(), r, withCas));
      return;
    }
    stats.getMisses.increment();
    if (r.kind().isError()) {
      // As mcrouter: the first error takes the place of END, later ones are written in place.
      if (slot.firstError == null) {
        slot.firstError = r;
      } else {
        write(new ClientReply.InlineError(r));
      }
    }
  }

  private void writeSingle(ClientCommand cmd, McReply reply) {
    if (cmd.noreply() && suppressed(cmd.op(), reply)) {
      return;
    }
    write(new ClientReply.Single(reply));
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

  private static long size(McReply r) {
    return r.value() == null ? 0 : r.value().length;
  }

  private void write(ClientReply reply) {
    ctx.write(reply, ctx.voidPromise());
    unflushed = true;
  }

  /**
   * Closes once every reply written so far has reached the socket: closing at once would discard
   * what the socket could not take yet (large replies, a client slow to read). Writes complete in
   * order, so the last one completing means all have.
   */
  private void closeAfterWrites() {
    closed = true;
    slots.clear();
    gate.finish();
    unflushed = false;
    if (ctx.channel().isActive()) {
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.close();
    }
  }

  private void scheduleFlush() {
    if (!flushScheduled && unflushed) {
      flushScheduled = true;
      ctx.channel().eventLoop().execute(flushTask);
    }
  }

  /** Sends what was written; called once per read batch and by the task scheduled on a reply. */
  void flush() {
    flushScheduled = false;
    if (unflushed) {
      unflushed = false;
      ctx.flush();
    }
  }
}
