package io.memkube.cacheserver.net;

import io.memkube.cacheserver.command.ConnectionRegistry;
import io.netty.channel.Channel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** The open client connections, for {@code stats conns}. */
final class Connections implements ConnectionRegistry {
  /** A connection's mutable view for stats. */
  static final class Entry {
    final int id;
    final String addr;
    final String listenAddr;
    final Channel channel;
    volatile long lastCommandMillis = System.currentTimeMillis();

    Entry(int id, String addr, String listenAddr, Channel channel) {
      this.id = id;
      this.addr = addr;
      this.listenAddr = listenAddr;
      this.channel = channel;
    }
  }

  private final Map<Integer, Entry> open = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger(100);
  private volatile String listenAddr = "";
  private final java.util.List<String> udpAddrs = new java.util.concurrent.CopyOnWriteArrayList<>();

  void listening(String addr) {
    listenAddr = addr;
  }

  /** A UDP socket ({@code -U}), listed as memcached lists its UDP connections. */
  void udpListening(String addr) {
    udpAddrs.add(addr);
  }

  Entry register(String addr, Channel channel) {
    Entry e = new Entry(ids.incrementAndGet(), addr, listenAddr, channel);
    open.put(e.id, e);
    return e;
  }

  void unregister(Entry e) {
    open.remove(e.id);
  }

  /** Client connections open now. */
  int size() {
    return open.size();
  }

  /**
   * memcached's {@code -o idle_timeout}: closes connections whose last command is more than {@code
   * timeoutSeconds} old (a connection still sending its replies is not idle).
   *
   * @return how many were closed
   */
  int closeIdle(int timeoutSeconds, long nowMillis) {
    int kicked = 0;
    for (Entry e : open.values()) {
      long idleSeconds = (nowMillis - e.lastCommandMillis) / 1000;
      if (idleSeconds > timeoutSeconds && e.channel.isWritable() && open.remove(e.id) != null) {
        e.channel.close();
        kicked++;
      }
    }
    return kicked;
  }

  @Override
  public void forEach(Consumer<ConnectionInfo> action) {
    long now = System.currentTimeMillis();
    action.accept(new ConnectionInfo(1, listenAddr, null, "conn_listening", 0));
    int id = 2;
    for (String udp : udpAddrs) {
      action.accept(new ConnectionInfo(id++, udp, null, "conn_read", 0));
    }
    open.values().stream()
        .sorted((a, b) -> Integer.compare(a.id, b.id))
        .forEach(
            e ->
                action.accept(
                    new ConnectionInfo(
                        e.id,
                        e.addr,
                        e.listenAddr,
                        "conn_parse_cmd",
                        (now - e.lastCommandMillis) / 1000)));
  }
}
