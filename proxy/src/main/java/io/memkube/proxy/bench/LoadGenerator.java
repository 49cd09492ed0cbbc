package io.memkube.proxy.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A closed-loop memcached load generator for the proxy benchmark: each connection keeps {@code
 * --depth} requests in flight (gets and sets over a fixed key space) and records every request's
 * latency in an HdrHistogram. Prints one line of figures that {@code proxy/bench/run} compares.
 */
@Command(name = "load-generator", mixinStandardHelpOptions = true)
public final class LoadGenerator implements Callable<Integer> {
  @Option(names = "--host", defaultValue = "127.0.0.1")
  String host;

  @Option(names = "--port", required = true)
  int port;

  @Option(names = "--connections", defaultValue = "50")
  int connections;

  @Option(names = "--depth", defaultValue = "1", description = "Requests in flight per connection.")
  int depth;

  @Option(names = "--threads", defaultValue = "1")
  int threads;

  @Option(names = "--duration", defaultValue = "10", description = "Measured seconds.")
  int duration;

  @Option(names = "--warmup", defaultValue = "2", description = "Unmeasured seconds first.")
  int warmup;

  @Option(names = "--keys", defaultValue = "10000")
  int keys;

  @Option(names = "--value-size", defaultValue = "64")
  int valueSize;

  @Option(names = "--get-ratio", defaultValue = "0.9")
  double getRatio;

  @Option(names = "--label", defaultValue = "target")
  String label;

  private final Recorder recorder = new Recorder(3);
  private final AtomicLong errors = new AtomicLong();
  private volatile boolean measuring;
  private volatile boolean stopping;
  private byte[] value;

  @Override
  public Integer call() throws Exception {
    value = new byte[valueSize];
    java.util.Arrays.fill(value, (byte) 'x');
    boolean epoll = Epoll.isAvailable();
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            threads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    List<Channel> channels = new ArrayList<>();
    try {
      Bootstrap b =
          new Bootstrap()
              .group(group)
              .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
              .option(ChannelOption.TCP_NODELAY, true);
      for (int i = 0; i < connections; i++) {
        Channel ch = b.handler(new Conn(i)).connect(host, port).sync().channel();
        channels.add(ch);
      }
      Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
      recorder.getIntervalHistogram();
      measuring = true;
      long t0 = System.nanoTime();
      Thread.sleep(TimeUnit.SECONDS.toMillis(duration));
      measuring = false;
      long elapsed = System.nanoTime() - t0;
      stopping = true;
      Histogram h = recorder.getIntervalHistogram();
      double ops = h.getTotalCount() / (elapsed / 1e9);
      System.out.printf(
          "%s ops/s=%.0f p50_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f requests=%d errors=%d%n",
          label,
          ops,
          h.getValueAtPercentile(50) / 1000.0,
          h.getValueAtPercentile(99) / 1000.0,
          h.getValueAtPercentile(99.9) / 1000.0,
          h.getMaxValue() / 1000.0,
          h.getTotalCount(),
          errors.get());
      return errors.get() == 0 ? 0 : 1;
    } finally {
      for (Channel c : channels) {
        c.close();
      }
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
  }

  /** One connection: sends, reads replies in order, records latencies, sends again. */
  private final class Conn extends ChannelInboundHandlerAdapter {
    private final SplittableRandom random;
    private final ArrayDeque<long[]> sent = new ArrayDeque<>(); // {startNanos, isGet}
    private ByteBuf cumulation;

    Conn(int seed) {
      this.random = new SplittableRandom(seed * 7919L + 1);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      for (int i = 0; i < depth; i++) {
        send(ctx);
      }
      ctx.flush();
    }

    private void send(ChannelHandlerContext ctx) {
      if (stopping) {
        return;
      }
      String key = "key:" + random.nextInt(keys);
      boolean get = random.nextDouble() < getRatio;
      ByteBuf out = ctx.alloc().ioBuffer(key.length() + valueSize + 40);
      if (get) {
        out.writeCharSequence("get " + key + "\r\n", StandardCharsets.US_ASCII);
      } else {
        out.writeCharSequence(
            "set " + key + " 0 0 " + valueSize + "\r\n", StandardCharsets.US_ASCII);
        out.writeBytes(value);
        out.writeCharSequence("\r\n", StandardCharsets.US_ASCII);
      }
      sent.add(new long[] {System.nanoTime(), get ? 1 : 0});
      ctx.write(out, ctx.voidPromise());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf in = (ByteBuf) msg;
      cumulation =
          cumulation == null
              ? in
              : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cumulation, in);
      int answered = 0;
      while (!sent.isEmpty()) {
        int consumed = replyLength(cumulation, sent.peek()[1] == 1);
        if (consumed < 0) {
          break;
        }
        cumulation.skipBytes(consumed);
        long[] s = sent.poll();
        if (measuring) {
          recorder.recordValue(System.nanoTime() - s[0]);
        }
        answered++;
      }
      if (!cumulation.isReadable()) {
        cumulation.release();
        cumulation = null;
      } else {
        cumulation.discardSomeReadBytes();
      }
      for (int i = 0; i < answered; i++) {
        send(ctx);
      }
      ctx.flush();
    }

    /** Bytes of one whole reply at the reader index, or -1 when not all here yet. */
    private int replyLength(ByteBuf b, boolean get) {
      int start = b.readerIndex();
      int eol = b.indexOf(start, b.writerIndex(), (byte) '\n');
      if (eol < 0) {
        return -1;
      }
      int lineLen = eol + 1 - start;
      if (!get) {
        if (b.getByte(start) != 'S' || b.getByte(start + 1) != 'T') {
          errors.incrementAndGet();
        }
        return lineLen;
      }
      if (b.getByte(start) == 'E' && b.getByte(start + 1) == 'N') {
        return lineLen; // END: a miss
      }
      if (b.getByte(start) != 'V') {
        errors.incrementAndGet();
        return lineLen;
      }
      String line = b.toString(start, eol - 1 - start, StandardCharsets.US_ASCII);
      int len = Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1));
      int total = lineLen + len + 2 + 5;
      return b.readableBytes() >= total ? total : -1;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      errors.incrementAndGet();
      ctx.close();
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new LoadGenerator()).execute(args));
  }
}
