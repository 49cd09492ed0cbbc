package io.memkube.proxy.net;

import io.memkube.protocol.auth.AsciiAuthHandler;
import io.memkube.protocol.auth.AuthCounters;
import io.memkube.protocol.auth.Authenticator;
import io.memkube.protocol.codec.LoopReceiveBuffers;
import io.memkube.proxy.admin.AdminCommands;
import io.memkube.proxy.pool.ConnectionPool;
import io.memkube.proxy.state.ProxyState;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The listening side: one event loop per proxy thread (native epoll when available), each with its
 * own {@link ConnectionPool}, so a client's requests and their server connections share a thread
 * and never cross threads.
 */
public final class ProxyServer implements AutoCloseable {
  /** Marks the listeners of {@code --ssl-port}. */
  private static final io.netty.util.AttributeKey<Boolean> TLS_LISTENER =
      io.netty.util.AttributeKey.valueOf("memkube.proxy.tls");

  private final ProxyState state;
  private final EventLoopGroup group;
  private final boolean epoll;
  private final Map<EventLoop, ConnectionPool> pools = new ConcurrentHashMap<>();
  private final List<Channel> listeners = new ArrayList<>();
  private final AdminCommands admin;
  private final ReplyMemory memory = ReplyMemory.halfOfDirectMemory();

  /** The login's counters, in the proxy's {@code stats}. */
  private final AuthCounters authCounters =
      new AuthCounters() {
        @Override
        public void attempted() {
          state.stats().authCmds.increment();
        }

        @Override
        public void failed() {
          state.stats().authErrors.increment();
        }

        @Override
        public void wrote(int bytes) {
          // the proxy does not count its reply bytes
        }
      };

  public ProxyServer(ProxyState state, int threads) {
    this.state = state;
    this.epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollInterestFix.newFactory() : NioIoHandler.newFactory();
    this.group = new MultiThreadIoEventLoopGroup(threads, io);
    this.admin = new AdminCommands(state);
  }

  /** Starts listening; returns the bound addresses (port 0 picks a free one). */
  public List<InetSocketAddress> start(List<InetSocketAddress> addresses)
      throws InterruptedException {
    Class<? extends SocketChannel> clientChannel =
        epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    Class<? extends ServerChannel> serverChannel =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    // Names are resolved asynchronously (Kubernetes DNS names of cache pods), never blocking a
    // loop; /etc/hosts and the resolv.conf name servers and search domains apply as usual.
    DnsNameResolverBuilder dns =
        new DnsNameResolverBuilder()
            .datagramChannelType(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
            .socketChannelType(clientChannel)
            .nameServerProvider(DnsServerAddressStreamProviders.platformDefault());
    DnsAddressResolverGroup resolvers = new DnsAddressResolverGroup(dns);
    warmUp(resolvers);
    Bootstrap backend = new Bootstrap().channel(clientChannel).resolver(resolvers);
    ServerBootstrap sb =
        new ServerBootstrap()
            .group(group)
            .channel(serverChannel)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            // A client's EOF must not close the connection before its pending replies are written
            // (memcached answers every command received before a half-close).
            .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
            // one read buffer reused per event loop instead of one from the allocator per read
            .childOption(ChannelOption.RECVBUF_ALLOCATOR, new LoopReceiveBuffers())
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ConnectionPool pool =
                        pools.computeIfAbsent(
                            ch.eventLoop(),
                            loop ->
                                new ConnectionPool(
                                    loop,
                                    backend,
                                    state.options().limits(),
                                    state.options().tls()));
                    ClientReadGate gate =
                        new ClientReadGate(state.options().maxClientOutstanding());
                    if (ch.parent().attr(TLS_LISTENER).get() != null) {
                      // --ssl-port: decrypt before anything frames a request
                      ch.pipeline().addLast(state.options().tls().clientFacingHandler(ch.alloc()));
                    }
                    Authenticator auth = state.options().clientAuth();
                    if (auth != null) {
                      // --auth-file: memcached's -Y handshake first; it leaves once the client is
                      // in
                      ch.pipeline().addLast(new AsciiAuthHandler(auth, authCounters));
                    }
                    // decode -> hand on only while reading is allowed -> (encode replies) ->
                    // backpressure -> dispatch and order replies
                    ch.pipeline()
                        .addLast(new ClientCommandDecoder())
                        .addLast(new FlowControlHandler())
                        .addLast(new ClientReplyEncoder())
                        .addLast(gate)
                        .addLast(new ClientRequestDispatcher(state, pool, admin, gate, memory));
                  }
                });
    List<InetSocketAddress> bound = new ArrayList<>();
    for (InetSocketAddress a : addresses) {
      Channel ch = sb.bind(a).sync().channel();
      listeners.add(ch);
      bound.add((InetSocketAddress) ch.localAddress());
    }
    int sslPort = state.options().tls().sslPort();
    if (sslPort >= 0) {
      // mcrouter's --ssl-port: the same addresses, TLS on this port
      for (InetSocketAddress a : addresses) {
        Channel ch = sb.bind(new InetSocketAddress(a.getAddress(), sslPort)).sync().channel();
        ch.attr(TLS_LISTENER).set(Boolean.TRUE);
        listeners.add(ch);
        bound.add((InetSocketAddress) ch.localAddress());
      }
    }
    return bound;
  }

  /**
   * Builds each loop's resolver now (loading the DNS code and reading resolv.conf and the hosts
   * file), so that the first request to a server is not the one to pay for it within its timeout.
   */
  private void warmUp(DnsAddressResolverGroup resolvers) throws InterruptedException {
    for (var executor : group) {
      EventLoop loop = (EventLoop) executor;
      resolvers
          .getResolver(loop)
          .resolve(InetSocketAddress.createUnresolved("localhost", 1))
          .await(5, TimeUnit.SECONDS);
    }
  }

  public ProxyState state() {
    return state;
  }

  @Override
  public void close() {
    // Bounded waits: a shutdown hook that never returns would keep the process from exiting.
    for (Channel c : listeners) {
      c.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
