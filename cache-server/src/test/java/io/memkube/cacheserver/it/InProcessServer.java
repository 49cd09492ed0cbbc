package io.memkube.cacheserver.it;

import io.memkube.cacheserver.config.ServerSettings;
import io.memkube.cacheserver.net.CacheServer;

/** memkube-cache-server started inside the test JVM on a free port. */
final class InProcessServer implements AutoCloseable {
  final CacheServer server;
  final int port;

  private InProcessServer(CacheServer server, int port) {
    this.server = server;
    this.port = port;
  }

  static InProcessServer start(ServerSettings settings) throws InterruptedException {
    CacheServer s = new CacheServer(settings.withPort(0));
    return new InProcessServer(s, s.start());
  }

  static InProcessServer start() throws InterruptedException {
    return start(
        new ServerSettings(0, "127.0.0.1", 64L << 20, 1024, 4, 1 << 20, 0, false, 1024, true));
  }

  @Override
  public void close() {
    server.close();
  }
}
