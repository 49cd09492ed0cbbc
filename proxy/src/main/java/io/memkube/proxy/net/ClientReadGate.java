package io.memkube.proxy.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;

/**
 * Backpressure for one client: reading (and, through Netty's {@code FlowControlHandler}, handing on
 * commands already decoded) stops while
 *
 * <ul>
 *   <li>the client has {@code --max-client-outstanding-reqs} requests (one per key) unanswered, as
 *       in mcrouter;
 *   <li>the socket does not take what is written (the channel is not writable: its outbound buffer
 *       is over the high watermark);
 *   <li>replies that wait for an earlier, slower one hold more than the high watermark;
 * </ul>
 *
 * and resumes once none of these holds. It also knows how many reply bytes wait for the client, for
 * {@code --max-client-buffered-reply-bytes}.
 */
final class ClientReadGate extends ChannelInboundHandlerAdapter {
  private final int maxOutstanding;
  private final Runnable reopen = this::reopen;
  private Channel channel;
  private int outstanding;
  private long held;
  private boolean reading = true;
  private boolean reopenScheduled;
  private boolean finished;

  ClientReadGate(int maxOutstanding) {
    this.maxOutstanding = maxOutstanding;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    update();
    ctx.fireChannelWritabilityChanged();
  }

  /** {@code n} requests (keys) were read and are now waiting for their replies. */
  void requested(int n) {
    outstanding += n;
    update();
  }

  /** {@code n} requests have had their replies written. */
  void answered(int n) {
    outstanding -= n;
  }

  /** Reply bytes that arrived and wait for an earlier reply to be written first. */
  void hold(long bytes) {
    held += bytes;
  }

  void release(long bytes) {
    held -= bytes;
  }

  /** Nothing more is to be read from this client (quit, EOF, or a close as memcached's). */
  void finish() {
    finished = true;
  }

  /** Reply bytes the proxy keeps for this client: waiting their turn, or not yet sent. */
  long bufferedBytes() {
    ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
    return held + (out == null ? 0 : out.totalPendingWriteBytes());
  }

  /** Stops reading at once when a limit is reached; resumes in a later task, never reentrantly. */
  void update() {
    boolean open = !finished && isBelowLimits();
    if (!open && reading) {
      reading = false;
      channel.config().setAutoRead(false);
    } else if (open && !reading && !reopenScheduled) {
      // Resuming delivers queued commands at once: not from inside the dispatch of another.
      reopenScheduled = true;
      channel.eventLoop().execute(reopen);
    }
  }

  private boolean isBelowLimits() {
    return (maxOutstanding <= 0 || outstanding < maxOutstanding)
        && channel.isWritable()
        && held < channel.config().getWriteBufferHighWaterMark();
  }

  private void reopen() {
    reopenScheduled = false;
    if (!reading && !finished && channel.isActive() && isBelowLimits()) {
      reading = true;
      channel.config().setAutoRead(true);
    }
  }
}
