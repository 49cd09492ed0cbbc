package io.memkube.e2e.dataplane;

import io.memkube.e2e.app.TextProtocolConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Steady load on one proxy while an operation runs: every 100 ms, 20 requests (a set and a get of
 * the same key, in turn) on one connection, as an application with a small, steady request rate. A
 * request fails when it errors, times out or misses the value just set; a failed connection is
 * opened again for the next request.
 */
final class SteadyTraffic implements AutoCloseable {

  static final int REQUESTS_PER_TICK = 20;
  static final Duration TICK = Duration.ofMillis(100);
  private static final Duration TIMEOUT = Duration.ofMillis(500);

  /** What the traffic saw. */
  record Counts(long requests, long failed) {
    double failedShare() {
      return requests == 0 ? 0 : (double) failed / requests;
    }
  }

  /** Opens a connection ready for requests (connected, over TLS and logged in where needed). */
  interface Connector {
    TextProtocolConnection open() throws IOException;
  }

  private volatile Connector connector;
  private volatile boolean reconnect;
  private final String prefix;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Thread thread;
  private TextProtocolConnection connection;

  private SteadyTraffic(Connector connector, String prefix) {
    this.connector = connector;
    this.prefix = prefix;
    this.thread = Thread.ofPlatform().name("traffic-" + prefix).daemon().start(this::run);
  }

  static SteadyTraffic start(String host, int port, String prefix) {
    return new SteadyTraffic(() -> TextProtocolConnection.open(host, port, TIMEOUT), prefix);
  }

  /** Traffic over the connections {@code connector} opens. */
  static SteadyTraffic start(Connector connector, String prefix) {
    return new SteadyTraffic(connector, prefix);
  }

  /**
   * Moves the traffic to connections {@code next} opens (an application that restarts its
   * connection with new credentials): the current connection closes before the next request.
   */
  void switchTo(Connector next) {
    connector = next;
    reconnect = true;
  }

  private void run() {
    long n = 0;
    long next = System.nanoTime();
    while (running.get()) {
      for (int i = 0; i < REQUESTS_PER_TICK / 2 && running.get(); i++, n++) {
        String key = prefix + "-" + (n % 500);
        String value = "v" + n;
        request(() -> connection().set(key, value));
        request(() -> connection().get(key).map(value::equals).orElse(false));
      }
      next += TICK.toNanos();
      long sleep = next - System.nanoTime();
      if (sleep > 0) {
        try {
          Thread.sleep(Duration.ofNanos(sleep));
        } catch (InterruptedException e) {
          return;
        }
      } else {
        next = System.nanoTime(); // late (timeouts): start the next tick now, do not catch up
      }
    }
  }

  private interface Request {
    boolean call() throws IOException;
  }

  private void request(Request request) {
    requests.incrementAndGet();
    try {
      if (!request.call()) {
        failed.incrementAndGet();
      }
    } catch (IOException | RuntimeException e) {
      failed.incrementAndGet();
      closeConnection();
    }
  }

  private TextProtocolConnection connection() throws IOException {
    if (reconnect) {
      reconnect = false;
      closeConnection();
    }
    if (connection == null) {
      connection = connector.open();
    }
    return connection;
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (IOException e) {
        // it failed already
      }
      connection = null;
    }
  }

  /** Stops the traffic and returns what it saw. */
  Counts stop() {
    running.set(false);
    try {
      thread.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeConnection();
    return new Counts(requests.get(), failed.get());
  }

  @Override
  public void close() {
    stop();
  }
}
