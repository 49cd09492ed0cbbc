package io.memkube.cacheserver.net;

import io.memkube.cacheserver.command.BinaryCommands;
import io.memkube.cacheserver.command.CertificateRefresh;
import io.memkube.cacheserver.command.CommandProcessor;
import io.memkube.cacheserver.config.ServerSettings;
import io.memkube.cacheserver.config.Tuning;
import io.memkube.cacheserver.stats.ServerStats;
import io.memkube.cacheserver.storage.Cache;
import io.memkube.cacheserver.storage.Clock;
import io.memkube.cacheserver.storage.SlabClasses;
import io.memkube.cacheserver.tls.HandshakeFailureCounter;
import io.memkube.cacheserver.tls.ServerTls;
import io.memkube.cacheserver.udp.UdpFrame;
import io.memkube.cacheserver.udp.UdpFrameDecoder;
import io.memkube.cacheserver.udp.UdpFrameEncoder;
import io.memkube.cacheserver.udp.UdpRequestHandler;
import io.memkube.cacheserver.watch.EvictionLog;
import io.memkube.cacheserver.watch.Watchers;
import io.memkube.protocol.auth.AsciiAuthHandler;
import io.memkube.protocol.auth.Authenticator;
import io.memkube.protocol.codec.LoopReceiveBuffers;
import io.memkube.protocol.request.RequestDecoder;
import io.memkube.protocol.tls.TlsSetupException;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The memcached-compatible TCP server: Netty with the native epoll transport where available (NIO
 * otherwise), {@code -t} worker event loops that run commands inline, a clock that ticks every
 * second and a background reclaim of expired items.
 */
public final class CacheServer implements ServerContext, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(CacheServer.class.getName());

  /** Marks a listening channel whose connections start with a TLS handshake. */
  private static final io.netty.util.AttributeKey<Boolean> TLS_LISTENER =
      io.netty.util.AttributeKey.valueOf("memkube.tls");

  private final ServerSettings settings;
  private final Clock clock;
  private final Cache cache;
  private volatile Runnable beforeCacheFreed;
  private final ServerStats stats;
  private final Connections connections = new Connections();
  private final Watchers watchers;

  /** The handshake's counters, in memcached's {@code stats}. */
  private final io.memkube.protocol.auth.AuthCounters authCounters =
      new io.memkube.protocol.auth.AuthCounters() {
        @Override
        public void attempted() {
          stats.authCmds.increment();
        }

        @Override
        public void failed() {
          stats.authErrors.increment();
        }

        @Override
        public void wrote(int bytes) {
          stats.bytesWritten.add(bytes);
        }
      };

  /** {@code -Y}'s credentials, or null when clients need not authenticate. */
  private final Authenticator authenticator;

  private final CountDownLatch stopped = new CountDownLatch(1);
  private EventLoopGroup boss;
  private EventLoopGroup workers;
  private ScheduledExecutorService maintainer;
  private Channel serverChannel;

  /** Listening on every transport asked for (memcached's {@code -p 0} asks for no TCP). */
  private volatile boolean started;

  private final java.util.List<Channel> otherListeners = new java.util.ArrayList<>();

  /** {@code -Z}'s certificates, or null without TLS. */
  private final ServerTls tls;

  public CacheServer(ServerSettings settings) {
    this(settings, new Clock());
  }

  public CacheServer(ServerSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    Tuning t = settings.tuning();
    this.cache =
        new Cache(
            settings.memoryLimitBytes(),
            settings.itemSizeMax(),
            clock,
            t.slabSizes() != null
                ? new SlabClasses(t.slabSizes(), t.slabChunkMax())
                : new SlabClasses(t.growthFactor(), t.chunkSize(), t.slabChunkMax()));
    if (!t.casEnabled()) {
      cache.disableCas();
    }
    if (!t.lruCrawler()) {
      cache.crawler().disable();
    }
    if (!settings.evictionsEnabled()) {
      cache.disableEvictions();
    }
    cache.hashPowerAtLeast(t.hashpowerInit());
    mallocedBeforeFromEnvironment().ifPresent(cache::countAsMallocedBefore);
    this.stats = new ServerStats(t.prefixDelimiter());
    this.stats.prefixes.enable(t.detailEnabled());
    this.stats.verbosity = settings.verbosity();
    this.watchers = new Watchers(stats, t.watcherLogbufSize());
    cache.onEviction(new EvictionLog(watchers));
    if (t.trackSizes()) {
      stats.sizes.enable(0); // -o track_sizes: every item from the start
    }
    this.authenticator =
        t.authFile() == null ? null : new Authenticator(java.nio.file.Path.of(t.authFile()));
    this.tls = t.tlsEnabled() ? new ServerTls(t.tls()) : null;
  }

  /** {@code -Z}'s certificates, or null without TLS (the health probe speaks TLS with them). */
  public ServerTls tls() {
    return tls;
  }

  /** {@code refresh_certs}: memcached's replies, the new files for new connections. */
  @Override
  public CertificateRefresh certificateRefresh() {
    if (tls == null) {
      return CertificateRefresh.none();
    }
    return () -> {
      try {
        reloadCertificates();
        return "OK";
      } catch (TlsSetupException e) {
        return e.getMessage();
      }
    };
  }

  /**
   * Reads the {@code -Z} files again, as {@code refresh_certs} does; nothing without {@code -Z}.
   *
   * @throws TlsSetupException when one cannot be used (the certificate in force stays)
   */
  public void reloadCertificates() {
    if (tls != null) {
      tls.refresh();
      stats.certsReadAtMillis = System.currentTimeMillis();
    }
  }

  /**
   * {@code SIGHUP}: reads the {@code -Y} file again, as memcached does; new connections and those
   * not yet authenticated use the new entries, authenticated ones stay in.
   *
   * @throws io.memkube.protocol.auth.AuthFileException when it cannot be read (the old entries
   *     stay)
   */
  public void reloadAuthFile() {
    if (authenticator != null) {
      authenticator.reload();
    }
  }

  /**
   * memcached's {@code T_MEMD_INITIAL_MALLOC} test hook, when the environment sets it to a number
   * of bytes (see {@link Cache#countAsMallocedBefore}); memcached reads it in release builds too.
   */
  static OptionalLong mallocedBeforeFromEnvironment() {
    String bytes = System.getenv("T_MEMD_INITIAL_MALLOC");
    if (bytes == null || bytes.isBlank()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(bytes.trim()));
    } catch (NumberFormatException e) {
      LOG.warning(() -> "T_MEMD_INITIAL_MALLOC ignored: not a number of bytes: " + bytes);
      return OptionalLong.empty();
    }
  }

  /**
   * The listening address as memcached's {@code stats conns} shows it. The JDK binds {@code -l
   * 0.0.0.0} as a dual-stack socket that reports {@code ::}; memcached binds (and shows) 0.0.0.0.
   */
  static String listenHost(InetSocketAddress requested, InetSocketAddress bound) {
    if (bound.getAddress().isAnyLocalAddress()
        && requested.getAddress() instanceof java.net.Inet4Address) {
      return "0.0.0.0";
    }
    return bound.getAddress().getHostAddress();
  }

  /**
   * Binds and starts serving; returns the bound TCP port (useful with port 0), 0 when no TCP
   * listener was asked for.
   */
  public int start() throws InterruptedException {
    // Netty's pooling allocator sets up its JFR events on its first chunk: a second or more with
    // the shipped JVM options on a busy machine, which the first client's first request would
    // otherwise wait out (memcached's t/issue_50.t gives its first reply 2 s)
    io.netty.buffer.ByteBufAllocator.DEFAULT.ioBuffer(1).release();
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    boss = new MultiThreadIoEventLoopGroup(1, factory);
    workers = new MultiThreadIoEventLoopGroup(settings.threads(), factory);
    Class<? extends ServerChannel> channelClass =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    ServerBootstrap b =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(channelClass)
            .option(ChannelOption.SO_BACKLOG, settings.tcpBacklog())
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            // a client that shuts its sending side down still gets every reply (memcached does)
            .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
            // one read buffer reused per event loop instead of one from the allocator per read
            .childOption(ChannelOption.RECVBUF_ALLOCATOR, new LoopReceiveBuffers())
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(512 * 1024, 4 * 1024 * 1024))
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    if (tls != null && ch.parent().attr(TLS_LISTENER).get() != null) {
                      ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                      ch.pipeline().addLast(new HandshakeFailureCounter(stats));
                    }
                    ch.pipeline().addLast(new ReadBytesCounter(stats));
                    if (authenticator != null) {
                      // frames and answers everything until the client is in, then leaves
                      ch.pipeline().addLast(new AsciiAuthHandler(authenticator, authCounters));
                    }
                    ch.pipeline()
                        .addLast(
                            new RequestDecoder(settings.itemSizeMax())
                                .yieldEvery(
                                    settings.tuning().reqsPerEvent(), stats.connYields::increment),
                            new ConnectionHandler(CacheServer.this));
                    switch (settings.tuning().bindingProtocol()) {
                      case AUTO ->
                          ch.pipeline()
                              .addBefore(
                                  ch.pipeline().context(RequestDecoder.class).name(),
                                  null,
                                  new ProtocolSniffer(CacheServer.this));
                      case BINARY ->
                          BinaryConnectionHandler.install(ch.pipeline(), CacheServer.this);
                      case ASCII -> {}
                    }
                  }
                });
    java.util.List<ListenSpec> specs =
        ListenSpec.parse(settings.listen(), settings.port(), tls != null);
    // UDP first: once TCP accepts, stats conns must already list the UDP socket
    int udpPort = settings.tuning().udpPort();
    if (udpPort != 0) {
      udpPort = startUdp(specs, udpPort == -1 ? 0 : udpPort, epoll);
    }
    InetSocketAddress addr = null;
    for (ListenSpec spec :
        settings.tuning().tcpListening() ? specs : java.util.List.<ListenSpec>of()) {
      InetSocketAddress a =
          spec.host() == null
              ? new InetSocketAddress(spec.port())
              : new InetSocketAddress(spec.host(), spec.port());
      Channel c = b.bind(a).sync().channel();
      if (spec.tls()) {
        c.attr(TLS_LISTENER).set(Boolean.TRUE);
      }
      if (serverChannel == null) {
        serverChannel = c;
        addr = a;
      } else {
        otherListeners.add(c);
      }
    }
    int tcpPort = 0;
    if (serverChannel != null) {
      InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
      tcpPort = bound.getPort();
      connections.listening("tcp:" + listenHost(addr, bound) + ":" + tcpPort);
    }
    started = true;
    PortFile.writeIfAsked(tcpPort, udpPort);
    maintainer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "memkube-maintainer");
              t.setDaemon(true);
              return t;
            });
    maintainer.scheduleAtFixedRate(clock::tick, 1, 1, TimeUnit.SECONDS);
    maintainer.scheduleAtFixedRate(cache::followItemCount, 1, 1, TimeUnit.SECONDS);
    maintainer.scheduleWithFixedDelay(cache.crawler()::backgroundPass, 1, 1, TimeUnit.SECONDS);
    maintainer.scheduleWithFixedDelay(
        () -> {
          cache.releaseEmptyPages();
          cache.shrinkToLimit();
        },
        1,
        1,
        TimeUnit.SECONDS);
    int idleTimeout = settings.tuning().idleTimeout();
    if (idleTimeout > 0) {
      maintainer.scheduleWithFixedDelay(
          () -> stats.idleKicks.add(connections.closeIdle(idleTimeout, System.currentTimeMillis())),
          1,
          1,
          TimeUnit.SECONDS);
    }
    LOG.info(
        () ->
            "memkube-cache-server listening on "
                + (serverChannel == null ? "no TCP port" : serverChannel.localAddress())
                + " ("
                + (epoll ? "epoll" : "nio")
                + ", "
                + settings.threads()
                + " threads)");
    return tcpPort;
  }

  /**
   * Binds {@code -U}'s UDP socket on each {@code -l} address, served by one worker event loop.
   *
   * @return the port bound (the same on every address)
   */
  private int startUdp(java.util.List<ListenSpec> specs, int port, boolean epoll)
      throws InterruptedException {
    CommandProcessor processor =
        new CommandProcessor(cache, stats, settings, connections, certificateRefresh());
    Bootstrap b =
        new Bootstrap()
            .group(workers)
            .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
            // Netty reads 2 KiB per datagram by default; memcached reads up to 64 KiB
            .option(
                ChannelOption.RECVBUF_ALLOCATOR,
                new io.netty.channel.FixedRecvByteBufAllocator(UdpFrame.MAX_REQUEST))
            .handler(
                new ChannelInitializer<DatagramChannel>() {
                  @Override
                  protected void initChannel(DatagramChannel ch) {
                    ch.pipeline()
                        .addLast(
                            new UdpFrameDecoder(),
                            new UdpFrameEncoder(),
                            new UdpRequestHandler(
                                processor,
                                BinaryCommands.create(cache, stats, settings, connections),
                                settings.itemSizeMax()));
                  }
                });
    for (ListenSpec spec : specs) {
      InetSocketAddress a =
          spec.host() == null
              ? new InetSocketAddress(port)
              : new InetSocketAddress(spec.host(), port);
      Channel c = b.bind(a).sync().channel();
      otherListeners.add(c);
      InetSocketAddress bound = (InetSocketAddress) c.localAddress();
      port = bound.getPort();
      connections.udpListening("udp:" + listenHost(a, bound) + ":" + port);
    }
    return port;
  }

  @Override
  public ServerSettings settings() {
    return settings;
  }

  @Override
  public Cache cache() {
    return cache;
  }

  @Override
  public ServerStats stats() {
    return stats;
  }

  @Override
  public Connections connections() {
    return connections;
  }

  @Override
  public Watchers watchers() {
    return watchers;
  }

  @Override
  public void requestShutdown() {
    Thread t = new Thread(this::close, "memkube-shutdown");
    t.start();
  }

  /**
   * Runs {@code action} once a stop has ended every thread that serves requests, before the cache's
   * memory is given back: the last moment its items can be read (a warm restart's save).
   */
  public void beforeCacheFreed(Runnable action) {
    beforeCacheFreed = action;
  }

  /** Client connections open now. */
  public int openConnections() {
    return connections.size();
  }

  /** Whether it serves (started and not stopped). */
  public boolean running() {
    return started && stopped.getCount() != 0;
  }

  /** Blocks until the server has stopped. */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  /** Stops accepting, closes connections, stops the event loops. Idempotent. */
  @Override
  public synchronized void close() {
    if (stopped.getCount() == 0) {
      return;
    }
    if (serverChannel != null) {
      serverChannel.close().awaitUninterruptibly();
    }
    for (Channel c : otherListeners) {
      c.close().awaitUninterruptibly();
    }
    if (maintainer != null) {
      maintainer.shutdownNow();
      try {
        maintainer.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (boss != null) {
      boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
    if (workers != null) {
      workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
    if ((workers == null || workers.isTerminated())
        && (maintainer == null || maintainer.isTerminated())) {
      Runnable last = beforeCacheFreed;
      if (last != null) {
        last.run();
      }
      cache.close(); // no thread can touch it any more
    }
    stopped.countDown();
  }
}
