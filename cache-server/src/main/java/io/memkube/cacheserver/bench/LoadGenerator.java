package io.memkube.cacheserver.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Drives a memcached-protocol server over loopback: a preload of N items, then a timed mixed load
 * (single gets, multi-gets, sets) sent pipelined from several connections. Latency is measured per
 * request, from the write of its batch to the parse of its reply.
 */
final class LoadGenerator {
  /** What one run measured. */
  record Result(long requests, double seconds, Histogram latencyNanos, long misses) {
    double opsPerSecond() {
      return requests / seconds;
    }
  }

  private final int port;
  private final int valueSize;
  private final byte[] value;

  /** Sockets for a TLS server ({@code -Dtls=true}); null for plaintext. */
  private final javax.net.SocketFactory sockets;

  LoadGenerator(int port, int valueSize) {
    this(port, valueSize, null);
  }

  LoadGenerator(int port, int valueSize, javax.net.SocketFactory sockets) {
    this.sockets = sockets;
    this.port = port;
    this.valueSize = valueSize;
    this.value = new byte[valueSize];
    for (int i = 0; i < valueSize; i++) {
      value[i] = (byte) ('a' + i % 26);
    }
  }

  static String key(long i) {
    return String.format("memkube:bench:%010d", i);
  }

  /** Sets keys 0..n-1 with pipelined sets over {@code connections} connections. */
  void preload(long n, int connections) throws Exception {
    onConnections(
        connections,
        (id, out, in) -> {
          ByteArrayOutputStream batch = new ByteArrayOutputStream();
          int pending = 0;
          for (long i = id; i < n; i += connections) {
            writeSet(batch, key(i));
            pending++;
            // over TLS, batches stay under 16 KB: memcached 1.6.18 leaves requests that follow
            // more than 16 KB in one TLS read unanswered until more bytes come
            if (pending == (sockets == null ? 200 : 50)) {
              flushSets(out, in, batch, pending);
              pending = 0;
            }
          }
          flushSets(out, in, batch, pending);
        });
  }

  /** What one connection of {@link #onConnections} does with its socket's streams. */
  @FunctionalInterface
  private interface ConnectionTask {
    void run(int id, OutputStream out, InputStream in) throws Exception;
  }

  /**
   * Runs {@code task} on {@code connections} connections at once, a thread each, and rethrows the
   * first failure once all have ended.
   */
  private void onConnections(int connections, ConnectionTask task) throws Exception {
    List<Thread> threads = new ArrayList<>();
    List<Exception> errors = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      int id = c;
      Thread t =
          new Thread(
              () -> {
                try (Socket s = open()) {
                  task.run(
                      id, s.getOutputStream(), new BufferedInputStream(s.getInputStream(), 65536));
                } catch (Exception e) {
                  synchronized (errors) {
                    errors.add(e);
                  }
                }
              });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    if (!errors.isEmpty()) {
      throw errors.get(0);
    }
  }

  private void flushSets(OutputStream out, InputStream in, ByteArrayOutputStream batch, int n)
      throws IOException {
    out.write(batch.toByteArray());
    out.flush();
    batch.reset();
    for (int i = 0; i < n; i++) {
      String line = readLine(in);
      if (!line.equals("STORED")) {
        throw new IOException("preload: unexpected reply " + line);
      }
    }
  }

  private void writeSet(ByteArrayOutputStream b, String key) throws IOException {
    b.write(("set " + key + " 0 0 " + valueSize + "\r\n").getBytes(StandardCharsets.US_ASCII));
    b.write(value);
    b.write('\r');
    b.write('\n');
  }

  private Socket open() throws IOException {
    Socket s =
        sockets == null ? new Socket("127.0.0.1", port) : sockets.createSocket("127.0.0.1", port);
    s.setTcpNoDelay(true);
    return s;
  }

  /**
   * Runs the mixed load: per request 80% get, 10% multi-get of 10 keys, 10% set, keys uniform in
   * 0..keySpace-1, {@code depth} requests per pipelined batch.
   */
  Result run(long keySpace, int connections, int depth, double seconds, long seed)
      throws Exception {
    Histogram total = new Histogram(3_600_000_000_000L, 3);
    AtomicLong requests = new AtomicLong();
    AtomicLong misses = new AtomicLong();
    long start = System.nanoTime();
    long deadline = start + (long) (seconds * 1e9);
    onConnections(
        connections,
        (id, out, in) -> {
          SplittableRandom rnd = new SplittableRandom(seed + id);
          Histogram h = new Histogram(3_600_000_000_000L, 3);
          long done = 0;
          long miss = 0;
          try {
            ByteArrayOutputStream batch = new ByteArrayOutputStream(depth * 256);
            int[] kinds = new int[depth];
            while (System.nanoTime() < deadline) {
              batch.reset();
              for (int i = 0; i < depth; i++) {
                int p = rnd.nextInt(100);
                if (p < 80) {
                  kinds[i] = 1;
                  batch.write(
                      ("get " + key(rnd.nextLong(keySpace)) + "\r\n")
                          .getBytes(StandardCharsets.US_ASCII));
                } else if (p < 90) {
                  kinds[i] = 10;
                  StringBuilder sb = new StringBuilder("get");
                  for (int k = 0; k < 10; k++) {
                    sb.append(' ').append(key(rnd.nextLong(keySpace)));
                  }
                  batch.write((sb + "\r\n").getBytes(StandardCharsets.US_ASCII));
                } else {
                  kinds[i] = 0;
                  writeSet(batch, key(rnd.nextLong(keySpace)));
                }
              }
              long sent = System.nanoTime();
              out.write(batch.toByteArray());
              out.flush();
              for (int i = 0; i < depth; i++) {
                if (kinds[i] == 0) {
                  String line = readLine(in);
                  if (!line.equals("STORED")) {
                    throw new IOException("unexpected " + line);
                  }
                } else {
                  miss += kinds[i] - readValues(in);
                }
                h.recordValue(System.nanoTime() - sent);
                done++;
              }
            }
          } finally {
            synchronized (total) {
              total.add(h);
            }
            requests.addAndGet(done);
            misses.addAndGet(miss);
          }
        });
    double elapsed = (System.nanoTime() - start) / 1e9;
    return new Result(requests.get(), elapsed, total, misses.get());
  }

  /** Reads VALUE blocks up to END; returns how many values came. */
  private static int readValues(InputStream in) throws IOException {
    int n = 0;
    while (true) {
      String line = readLine(in);
      if (line.equals("END")) {
        return n;
      }
      if (!line.startsWith("VALUE ")) {
        throw new IOException("unexpected " + line);
      }
      int len = Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1));
      in.skipNBytes(len + 2L);
      n++;
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder(64);
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed");
      }
      if (b == '\r') {
        in.read();
        return sb.toString();
      }
      sb.append((char) b);
    }
  }
}
