package io.memkube.proxy.spool;

import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.request.McRequest;
import io.memkube.proxy.configmodel.spec.ServerAddress;
import io.memkube.proxy.health.TkoTracker;
import io.memkube.proxy.route.DeleteLog;
import io.memkube.proxy.route.Destination;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The reliable delete stream (mcrouter's asynclog, {@code --async-dir}): deletes a server could not
 * take are appended to per-server files under the spool directory, fsynced by one writer thread
 * (never an event loop) before their clients get {@code NOT_FOUND}, and delivered by memkube itself
 * when the server answers again.
 *
 * <p>Ordering against stale reads: a server with undelivered deletes is kept out of the ring
 * (marked down, so the prober watches it), and the prober lets it back only after this spool
 * delivered everything it held for it ({@link #deliverThenReadmit}); the last emptiness check and
 * the re-admission happen under the same lock as appends, so a delete spooled meanwhile either goes
 * out first or takes the server out again before its client is answered.
 *
 * <p>Bounded: beyond {@code maxBytes} on disk the oldest segment (of any server) is dropped and its
 * undelivered deletes counted in {@code asynclog_dropped}.
 */
public final class DeleteSpool implements DeleteLog, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(DeleteSpool.class.getName());
  private static final int QUEUE_LIMIT = 65_536;
  private static final int WRITE_BATCH = 1024;
  private static final int DELIVERY_BATCH = 512;

  /** A server that keeps refusing spooled deletes is probed often: log it once in this long. */
  private static final long SERVER_ERROR_LOG_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final Path dir;
  private final long maxBytes;
  private final long segmentBytes;
  private final SpoolDelivery delivery;
  private final Object lock = new Object();
  private final Map<String, ServerSpool> servers = new HashMap<>();
  private final TreeMap<Long, SpoolSegment> bySeq = new TreeMap<>();
  private long totalBytes;
  private long nextSeq = 1;
  private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE_LIMIT);
  private final Thread writer;
  private volatile boolean running = true;
  private final FileChannel lockChannel;
  private final FileLock fileLock;

  private final AtomicLong spooled = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong deliveryErrors = new AtomicLong();
  private final AtomicLong writeFailures = new AtomicLong();
  private final AtomicLong deliveryRetries = new AtomicLong();
  private volatile long lastServerErrorLogNanos = System.nanoTime() - SERVER_ERROR_LOG_NANOS;

  private record Pending(
      Destination destination,
      SpoolRecord record,
      McReply error,
      McReply answer,
      Executor loop,
      Consumer<McReply> done) {}

  /**
   * Opens (creating it if needed) the spool in {@code dir} and takes over what a previous run left.
   *
   * @param maxBytes the bound on the spool's files together
   * @param deliveryTimeoutMillis connect and read timeout of deliveries
   */
  public DeleteSpool(Path dir, long maxBytes, int deliveryTimeoutMillis) throws IOException {
    this.dir = dir;
    this.maxBytes = Math.max(1024, maxBytes);
    this.segmentBytes = Math.max(256, this.maxBytes / 8);
    this.delivery = new SpoolDelivery(deliveryTimeoutMillis);
    Files.createDirectories(dir);
    // One process per spool: two proxies delivering and retiring the same files would lose deletes.
    lockChannel =
        FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock l;
    try {
      l = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null;
    }
    if (l == null) {
      lockChannel.close();
      throw new IOException("the delete spool " + dir + " is in use by another proxy");
    }
    fileLock = l;
    recover();
    writer = new Thread(this::writeLoop, "memkube-proxy-spool");
    writer.setDaemon(true);
    writer.start();
  }

  public Path dir() {
    return dir;
  }

  private void recover() throws IOException {
    try (Stream<Path> subdirs = Files.list(dir)) {
      for (Path sub : subdirs.filter(Files::isDirectory).sorted().toList()) {
        String server = URLDecoder.decode(sub.getFileName().toString(), StandardCharsets.UTF_8);
        ServerSpool ss = new ServerSpool(server, sub);
        try (Stream<Path> files = Files.list(sub)) {
          for (Path f : files.sorted().toList()) {
            String name = f.getFileName().toString();
            if (!name.endsWith(".spool")) {
              continue;
            }
            long seq = Long.parseLong(name.substring(0, name.length() - ".spool".length()));
            SpoolSegment seg = SpoolSegment.recover(seq, f, ss);
            if (seg.records() == 0) {
              seg.delete();
              continue;
            }
            ss.segments.add(seg);
            bySeq.put(seq, seg);
            totalBytes += seg.bytes();
            nextSeq = Math.max(nextSeq, seq + 1);
          }
        }
        if (!ss.segments.isEmpty()) {
          servers.put(server, ss);
          LOG.info(() -> "delete spool: " + ss.pending() + " undelivered delete(s) for " + server);
        }
      }
    }
  }

  /** The servers ({@code host:port}) this spool holds undelivered deletes for. */
  public Set<String> serversWithPending() {
    synchronized (lock) {
      Set<String> out = new java.util.TreeSet<>();
      servers.forEach(
          (k, v) -> {
            if (!v.isEmpty()) {
              out.add(k);
            }
          });
      return out;
    }
  }

  /** Undelivered deletes in the spool now. */
  public long pending() {
    synchronized (lock) {
      long n = 0;
      for (ServerSpool s : servers.values()) {
        n += s.pending();
      }
      return n;
    }
  }

  public long spooled() {
    return spooled.get();
  }

  public long delivered() {
    return delivered.get();
  }

  public long dropped() {
    return dropped.get();
  }

  public long deliveryErrors() {
    return deliveryErrors.get();
  }

  public long writeFailures() {
    return writeFailures.get();
  }

  /** Deliveries stopped by a SERVER_ERROR: the delete stays spooled, its server out of the ring. */
  public long deliveryRetries() {
    return deliveryRetries.get();
  }

  private void logServerError(String server, String line) {
    long now = System.nanoTime();
    if (now - lastServerErrorLogNanos >= SERVER_ERROR_LOG_NANOS) {
      lastServerErrorLogNanos = now;
      LOG.warning(
          () ->
              "delete spool: "
                  + server
                  + " answered a spooled delete with '"
                  + line
                  + "'; it stays spooled and the server out of the ring until it takes it");
    }
  }

  public long bytesOnDisk() {
    synchronized (lock) {
      return totalBytes;
    }
  }

  @Override
  public void spool(
      Destination destination,
      McRequest req,
      McReply error,
      Executor loop,
      Consumer<McReply> done) {
    Pending p =
        new Pending(destination, SpoolRecord.of(req), error, McReply.defaultFor(req), loop, done);
    if (!running || !queue.offer(p)) {
      writeFailures.incrementAndGet();
      done.accept(error);
    }
  }

  private void writeLoop() {
    List<Pending> batch = new ArrayList<>(WRITE_BATCH);
    while (running) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, WRITE_BATCH - 1);
        boolean ok = writeDurably(batch);
        for (Pending p : batch) {
          McReply reply = ok ? p.answer : p.error;
          p.loop.execute(() -> p.done.accept(reply));
        }
        if (ok) {
          spooled.addAndGet(batch.size());
        } else {
          writeFailures.addAndGet(batch.size());
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warning(() -> "delete spool writer: " + e);
      } finally {
        batch.clear();
      }
    }
  }

  /**
   * Appends a batch, fsyncs every file it touched once (group commit), and takes each server that
   * now has undelivered deletes out of the ring, all before any of the batch's clients is answered.
   */
  private boolean writeDurably(List<Pending> batch) {
    synchronized (lock) {
      Map<SpoolSegment, Boolean> touched = new IdentityHashMap<>();
      try {
        for (Pending p : batch) {
          SpoolSegment tail = tailFor(p.destination.address().toString());
          tail.append(p.record.line());
          totalBytes += p.record.line().length;
          touched.put(tail, Boolean.TRUE);
        }
        for (SpoolSegment s : touched.keySet()) {
          s.sync();
        }
      } catch (IOException e) {
        LOG.warning(() -> "delete spool: cannot write under " + dir + ": " + e);
        return false;
      }
      for (Pending p : batch) {
        TkoTracker health = p.destination.health();
        if (!health.isTko()) {
          health.recordUndeliveredDeletes();
        }
      }
      enforceBound();
      return true;
    }
  }

  private SpoolSegment tailFor(String server) throws IOException {
    ServerSpool ss = servers.get(server);
    if (ss == null) {
      Path sub = dir.resolve(URLEncoder.encode(server, StandardCharsets.UTF_8));
      Files.createDirectories(sub);
      ss = new ServerSpool(server, sub);
      servers.put(server, ss);
    }
    SpoolSegment tail = ss.segments.peekLast();
    if (tail == null || tail.bytes() >= segmentBytes) {
      if (tail != null) {
        tail.close();
      }
      tail = SpoolSegment.create(nextSeq++, ss.dir, ss);
      ss.segments.addLast(tail);
      bySeq.put(tail.seq, tail);
    }
    return tail;
  }

  /** Drops the oldest segments while the spool is over its bound, counting what they held. */
  private void enforceBound() {
    while (totalBytes > maxBytes && bySeq.size() > 1) {
      SpoolSegment oldest = bySeq.pollFirstEntry().getValue();
      ServerSpool owner = oldest.owner;
      int lost = oldest.records();
      if (owner.segments.peekFirst() == oldest) {
        lost -= owner.headDelivered;
        owner.headDelivered = 0;
      }
      int lostRecords = lost;
      owner.segments.remove(oldest);
      totalBytes -= oldest.bytes();
      dropped.addAndGet(lost);
      try {
        oldest.delete();
      } catch (IOException e) {
        LOG.warning(() -> "delete spool: cannot remove " + oldest.path + ": " + e);
      }
      LOG.warning(
          () ->
              "delete spool over its bound of "
                  + maxBytes
                  + " bytes: dropped "
                  + lostRecords
                  + " undelivered delete(s) for "
                  + owner.server);
    }
  }

  /** Deliveries connect through {@code d}: TLS and the pool's login, as every connection. */
  public void dialer(io.memkube.proxy.pool.ServerDialer d) {
    delivery.dialer(d);
  }

  /**
   * Delivers everything spooled for {@code address}, then re-admits the server ({@code
   * tracker.recordProbeSuccess()}) under the lock appends take, so nothing spooled in between is
   * left behind. Runs on the prober's thread after a successful probe.
   *
   * @return whether the server was re-admitted (false: a delivery failed, keep probing)
   */
  public boolean deliverThenReadmit(TkoTracker tracker, ServerAddress address) {
    String server = tracker.server();
    while (true) {
      SpoolSegment head;
      int skip;
      long upTo;
      synchronized (lock) {
        if (!running) {
          // closed: a probe still running on the old prober must not touch files that the next
          // proxy on this directory now owns
          return false;
        }
        ServerSpool ss = servers.get(server);
        if (ss == null || ss.isEmpty()) {
          tracker.recordProbeSuccess();
          return true;
        }
        head = ss.segments.peekFirst();
        skip = ss.headDelivered;
        upTo = head.bytes();
        if (skip >= head.records()) {
          retire(ss, head);
          continue;
        }
      }
      SpoolSegment.Batch batch;
      try {
        batch = head.read(skip, upTo, DELIVERY_BATCH);
      } catch (IOException e) {
        LOG.warning(() -> "delete spool: cannot read " + head.path + ": " + e);
        if (!(e instanceof java.nio.file.NoSuchFileException)) {
          return false; // keep the server out and try again at the next probe
        }
        synchronized (lock) {
          ServerSpool ss = servers.get(server);
          if (running && ss != null && ss.segments.peekFirst() == head) {
            dropped.addAndGet(head.records() - ss.headDelivered);
            retire(ss, head);
          }
        }
        continue;
      }
      SpoolDelivery.Outcome outcome =
          batch.records().isEmpty()
              ? new SpoolDelivery.Outcome(0, 0)
              : delivery.deliver(address, batch.records());
      boolean complete = outcome.answered() == batch.records().size();
      int lines = complete ? batch.lines() : outcome.answered();
      synchronized (lock) {
        ServerSpool ss = servers.get(server);
        if (running && ss != null && ss.segments.peekFirst() == head) {
          ss.headDelivered += lines;
          if (ss.headDelivered >= head.records()) {
            retire(ss, head);
          }
        }
      }
      delivered.addAndGet(outcome.answered() - outcome.errors());
      deliveryErrors.addAndGet(outcome.errors());
      if (outcome.serverError() != null) {
        deliveryRetries.incrementAndGet();
        logServerError(server, outcome.serverError());
      }
      if (!complete) {
        return false;
      }
    }
  }

  /** Removes a fully delivered oldest segment. Called with the lock held. */
  private void retire(ServerSpool ss, SpoolSegment head) {
    ss.segments.pollFirst();
    ss.headDelivered = 0;
    bySeq.remove(head.seq);
    totalBytes -= head.bytes();
    try {
      head.delete();
    } catch (IOException e) {
      LOG.warning(() -> "delete spool: cannot remove delivered " + head.path + ": " + e);
    }
  }

  @Override
  public void close() {
    // No interrupt: it would close a file channel in the middle of a write. The writer sees the
    // flag within its 100 ms poll; a delivery in progress sees it under the lock.
    synchronized (lock) {
      running = false;
    }
    try {
      writer.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<Pending> left = new ArrayList<>();
    queue.drainTo(left);
    for (Pending p : left) {
      try {
        p.loop.execute(() -> p.done.accept(p.error));
      } catch (java.util.concurrent.RejectedExecutionException stopped) {
        // the proxy's loops stopped first: no client waits for this answer any more
      }
    }
    synchronized (lock) {
      for (SpoolSegment s : bySeq.values()) {
        try {
          s.close();
        } catch (IOException e) {
          // closing a file we only appended to and fsynced: nothing is lost
        }
      }
    }
    try {
      fileLock.release();
      lockChannel.close();
    } catch (IOException e) {
      // the lock goes with the process anyway
    }
  }
}
