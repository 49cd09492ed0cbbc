package io.memkube.cacheserver.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplyBuffersTest {
  private final ByteBufAllocator alloc = new UnpooledByteBufAllocator(true);
  private final EventLoop loop = new DefaultEventLoop();

  @AfterEach
  void stopLoop() {
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private <T> T onLoop(Callable<T> task) throws Exception {
    return loop.submit(task).get(5, TimeUnit.SECONDS);
  }

  /** Takes a buffer, writes a reply and "sends" it: the transport's reference is given up. */
  private ByteBuf sendOne() {
    ByteBuf b = ReplyBuffers.take(alloc);
    b.writeBytes(new byte[] {'E', 'N', 'D', '\r', '\n'});
    b.retain(); // as the handler does before writeAndFlush
    b.release(); // the transport, once the bytes are on the wire
    ReplyBuffers.giveBack(b);
    return b;
  }

  @Test
  void aBufferBackFromTheWireServesTheNextReplyOnTheSameLoop() throws Exception {
    ByteBuf first = onLoop(this::sendOne);
    ByteBuf next = onLoop(() -> ReplyBuffers.take(alloc));
    assertSame(first, next);
    assertEquals(0, next.readableBytes(), "the old reply is gone");
    assertEquals(0, next.readerIndex());
    onLoop(next::release);
  }

  @Test
  void aBufferStillHeldByTheTransportIsLetGoNotReused() throws Exception {
    ByteBuf queued =
        onLoop(
            () -> {
              ByteBuf b = ReplyBuffers.take(alloc);
              b.writeByte('x');
              b.retain(); // before writeAndFlush; the transport keeps its reference (slow client)
              ReplyBuffers.giveBack(b);
              return b;
            });
    assertEquals(1, queued.refCnt(), "only the transport's reference is left");
    ByteBuf next = onLoop(() -> ReplyBuffers.take(alloc));
    assertNotSame(queued, next);
    onLoop(() -> queued.release() && next.release());
  }

  @Test
  void theSpareIsReleasedWhenTheLoopEnds() throws Exception {
    ByteBuf spare = onLoop(this::sendOne);
    assertEquals(1, spare.refCnt());
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    assertEquals(0, spare.refCnt());
  }
}
