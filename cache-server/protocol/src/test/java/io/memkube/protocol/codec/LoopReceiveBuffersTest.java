package io.memkube.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A real server socket and a real client: what the transport hands the pipeline on each read. */
class LoopReceiveBuffersTest {
  private final MultiThreadIoEventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

  @AfterEach
  void stop() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Serves with {@link LoopReceiveBuffers}; {@code onRead} sees each read buffer (and owns it). */
  private InetSocketAddress serve(Consumer<ByteBuf> onRead) {
    Channel server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.RECVBUF_ALLOCATOR, new LoopReceiveBuffers())
            .childHandler(new Acknowledging(onRead))
            .bind("127.0.0.1", 0)
            .syncUninterruptibly()
            .channel();
    return (InetSocketAddress) server.localAddress();
  }

  /** Hands each read buffer to {@code onRead} and answers it with one byte. */
  @ChannelHandler.Sharable
  private static final class Acknowledging extends ChannelInboundHandlerAdapter {
    private final Consumer<ByteBuf> onRead;

    Acknowledging(Consumer<ByteBuf> onRead) {
      this.onRead = onRead;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      onRead.accept((ByteBuf) msg);
      ctx.writeAndFlush(ctx.alloc().buffer(1).writeByte('.'));
    }
  }

  /** Sends each line and waits for its one-byte acknowledgement, so each is a read of its own. */
  private static void sendOneByOne(InetSocketAddress at, List<String> lines) throws Exception {
    try (Socket s = new Socket(at.getAddress(), at.getPort())) {
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      for (String line : lines) {
        out.write(line.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertEquals('.', in.read());
      }
    }
  }

  @Test
  void aReadBufferReleasedByThePipelineServesTheNextReadOnTheSameLoop() throws Exception {
    List<ByteBuf> seen = new CopyOnWriteArrayList<>();
    InetSocketAddress at =
        serve(
            b -> {
              seen.add(b);
              b.release(); // decoded and done with, as a decoder does
            });
    sendOneByOne(at, List.of("get a\r\n", "get b\r\n", "get c\r\n"));
    sendOneByOne(at, List.of("get d\r\n")); // another connection of the same loop
    assertEquals(4, seen.size());
    for (ByteBuf b : seen) {
      assertSame(seen.get(0), b, "every read went into the loop's one buffer");
    }
  }

  @Test
  void aReadBufferStillHeldIsLeftToItsHolderAndKeepsItsBytes() throws Exception {
    BlockingQueue<ByteBuf> held = new LinkedBlockingQueue<>();
    InetSocketAddress at = serve(held::add); // never released: a decoder waiting for more bytes
    sendOneByOne(at, List.of("get a\r\n", "get b\r\n"));
    ByteBuf first = held.poll(5, TimeUnit.SECONDS);
    ByteBuf second = held.poll(5, TimeUnit.SECONDS);
    assertNotSame(first, second);
    assertEquals("get a\r\n", first.toString(StandardCharsets.US_ASCII));
    assertEquals("get b\r\n", second.toString(StandardCharsets.US_ASCII));
    assertEquals(1, first.refCnt(), "only its holder's reference is left");
    group.submit(() -> first.release() && second.release()).get(5, TimeUnit.SECONDS);
  }
}
