package io.memkube.cacheserver.watch;

import java.net.InetSocketAddress;

/** The {@code connevents} watchers' lines: memcached's {@code conn_new} and {@code conn_close}. */
public final class ConnectionLog {
  private ConnectionLog() {}

  /** A client connected. */
  public static void opened(Watchers watchers, InetSocketAddress remote, int id) {
    if (watchers.watching(WatchFlags.CONNEVENTS)) {
      watchers.publish(
          WatchFlags.CONNEVENTS, address(new LogLine("conn_new"), remote).field("cfd", id));
    }
  }

  /**
   * A client connection closed.
   *
   * @param reason memcached's word: {@code normal} (the client closed or quit), {@code error} (a
   *     request memcached drops the connection for), {@code idle_timeout}, {@code shutdown}
   */
  public static void closed(Watchers watchers, InetSocketAddress remote, int id, String reason) {
    if (watchers.watching(WatchFlags.CONNEVENTS)) {
      watchers.publish(
          WatchFlags.CONNEVENTS,
          address(new LogLine("conn_close"), remote).field("reason", reason).field("cfd", id));
    }
  }

  private static LogLine address(LogLine line, InetSocketAddress remote) {
    return line.field("rip", remote.getAddress().getHostAddress())
        .field("rport", remote.getPort())
        .field("transport", "tcp");
  }
}
