package io.memkube.proxy.pool;

import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.request.McRequest;
import io.memkube.proxy.route.Destination;
import io.memkube.proxy.route.RouteContext;
import io.memkube.proxy.tls.ProxyTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoop;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One proxy thread's connections: one lazily opened, pipelined connection per server, shared by
 * every client connection on that thread. Only that thread touches it, so it needs no locks.
 */
public final class ConnectionPool implements RouteContext {
  private final EventLoop loop;
  private final Bootstrap bootstrap;
  private final ConnectionLimits limits;
  private final ProxyTls tls;
  private final Map<Destination, BackendConnection> connections = new IdentityHashMap<>();

  public ConnectionPool(EventLoop loop, Bootstrap bootstrap, ConnectionLimits limits) {
    this(loop, bootstrap, limits, ProxyTls.none());
  }

  public ConnectionPool(
      EventLoop loop, Bootstrap bootstrap, ConnectionLimits limits, ProxyTls tls) {
    this.loop = loop;
    this.bootstrap = bootstrap;
    this.limits = limits;
    this.tls = tls;
  }

  @Override
  public EventLoop executor() {
    return loop;
  }

  @Override
  public void send(Destination destination, McRequest req, Consumer<McReply> done) {
    BackendConnection c = connections.get(destination);
    if (c == null) {
      c = new BackendConnection(destination, loop, bootstrap, limits, tls);
      connections.put(destination, c);
    }
    c.send(req, done);
  }
}
