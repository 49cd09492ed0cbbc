package io.memkube.cacheserver.command;

import java.util.function.Consumer;

/** What {@code stats conns} lists: the open connections, provided by the network layer. */
public interface ConnectionRegistry {
  /** One line group per connection: "addr", "listen_addr", "state", "secs_since_last_cmd". */
  record ConnectionInfo(int id, String addr, String listenAddr, String state, long idleSecs) {}

  void forEach(Consumer<ConnectionInfo> action);

  /** A registry that lists nothing (tests without a network layer). */
  static ConnectionRegistry none() {
    return action -> {};
  }
}
