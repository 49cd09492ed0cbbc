package io.memkube.e2e.dataplane;

import io.memkube.e2e.app.TextProtocolConnection;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

  /** What the traffic saw; {@code failures} says when and why each failed request failed. */
  record Counts(long requests, long failed, List<Failure> failures) {
    Counts(long requests, long failed) {
      this(requests, failed, List.of());
    }

    double failedShare() {
      return requests == 0 ? 0 : (double) failed / requests;
    }

    /** How many failures had each reason. */
    Map<String, Integer> byReason() {
      Map<String, Integer> out = new TreeMap<>();
      failures.forEach(f -> out.merge(f.why(), 1, Integer::sum));
      return out;
    }

    /** The failures in each second from {@code start} (seconds -> count). */
    Map<Long, Integer> perSecondFrom(Instant start) {
      Map<Long, Integer> out = new TreeMap<>();
      failures.forEach(
          f -> out.merge(Duration.between(start, f.at()).toSeconds(), 1, Integer::sum));
      return out;
    }

    /** Failures after {@code moment}. */
    long failedAfter(Instant moment) {
      return failures.stream().filter(f -> f.at().isAfter(moment)).count();
    }
  }

  /** One failed request: when it ended, and its reply or error (shortened). */
  record Failure(Instant at, String why) {}

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
  private final List<Failure> failures = new ArrayList<>();
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
        request(() -> connection().set(key, value) ? null : "set: " + connection.lastReply());
        request(
            () ->
                connection().get(key).map(value::equals).orElse(false)
                    ? null
                    : "get: not the value just set");
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
    /** Null when it succeeded, else why it failed. */
    String call() throws IOException;
  }

  private void request(Request request) {
    requests.incrementAndGet();
    try {
      String why = request.call();
      if (why != null) {
        fail(why);
      }
    } catch (IOException | RuntimeException e) {
      fail(e.getClass().getSimpleName() + ": " + e.getMessage());
      closeConnection();
    }
  }

  private void fail(String why) {
    failed.incrementAndGet();
    String shortWhy = why == null || why.length() <= 80 ? why : why.substring(0, 80);
    synchronized (failures) {
      failures.add(new Failure(Instant.now(), shortWhy));
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
    synchronized (failures) {
      return new Counts(requests.get(), failed.get(), List.copyOf(failures));
    }
  }

  @Override
  public void close() {
    stop();
  }
}
