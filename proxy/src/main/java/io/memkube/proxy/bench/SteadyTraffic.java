package io.memkube.proxy.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The steady traffic of the measurements: every 100 ms a batch of 20 requests (10 sets, 10
 * gets, over a key space of its own), pipelined on one connection to the proxy. A request fails
 * when it gets an error line, no reply within the timeout, or its connection breaks; a get miss is
 * an answer, not a failure.
 */
final class SteadyTraffic implements AutoCloseable {
  static final int BATCH = 20;
  static final long PERIOD_MILLIS = 100;

  private final int port;
  private final SplittableRandom random = new SplittableRandom(42);
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "steady-traffic");
            t.setDaemon(true);
            return t;
          });
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private TextConnection connection;

  /** Every failure since the last {@link #failures()} call: when and why, for the breakdown. */
  private final List<Failure> failures = new ArrayList<>();

  /** One failed request: when (System.nanoTime) and its reply or error, shortened. */
  record Failure(long nanos, String why) {}

  SteadyTraffic(int port) {
    this.port = port;
  }

  void start() {
    timer.scheduleAtFixedRate(this::batch, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Requests sent so far and how many of them failed. */
  Counts counts() {
    return new Counts(sent.get(), failed.get());
  }

  record Counts(long sent, long failed) {
    Counts minus(Counts earlier) {
      return new Counts(sent - earlier.sent, failed - earlier.failed);
    }
  }

  private void batch() {
    String[] keys = new String[BATCH];
    StringBuilder req = new StringBuilder();
    for (int i = 0; i < BATCH; i++) {
      keys[i] = "traffic:" + random.nextInt(10_000);
      if (i % 2 == 0) {
        req.append("set ").append(keys[i]).append(" 0 0 1\r\nv\r\n");
      } else {
        req.append("get ").append(keys[i]).append("\r\n");
      }
    }
    sent.addAndGet(BATCH);
    int answered = 0;
    try {
      if (connection == null) {
        connection = new TextConnection(port, 3000);
      }
      connection.send(req.toString());
      for (; answered < BATCH; answered++) {
        try {
          if (answered % 2 == 0) {
            connection.readStored();
          } else {
            connection.readGet();
          }
        } catch (TextConnection.ErrorReply e) {
          fail(1, e.getMessage());
        }
      }
    } catch (IOException e) {
      fail(BATCH - answered, "io: " + e.getMessage());
      if (connection != null) {
        connection.close();
        connection = null;
      }
    }
  }

  private void fail(int n, String why) {
    failed.addAndGet(n);
    long now = System.nanoTime();
    String shortWhy = why == null ? "?" : why.length() > 70 ? why.substring(0, 70) : why;
    synchronized (failures) {
      for (int i = 0; i < n; i++) {
        failures.add(new Failure(now, shortWhy));
      }
    }
  }

  /** The failures since the last call, and forgets them. */
  List<Failure> failures() {
    synchronized (failures) {
      List<Failure> out = List.copyOf(failures);
      failures.clear();
      return out;
    }
  }

  /** How many failures had each reason. */
  static Map<String, Integer> byReason(List<Failure> failures) {
    Map<String, Integer> out = new TreeMap<>();
    failures.forEach(f -> out.merge(f.why(), 1, Integer::sum));
    return out;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    if (connection != null) {
      connection.close();
    }
  }
}
