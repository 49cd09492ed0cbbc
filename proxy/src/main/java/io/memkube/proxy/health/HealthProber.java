package io.memkube.proxy.health;

import io.memkube.proxy.configmodel.spec.ServerAddress;
import io.memkube.proxy.pool.ServerDialer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Probes down servers with {@code version} on a backoff schedule and brings them back when they
 * answer. Probes run on their own small scheduler with blocking sockets: they are rare and must not
 * touch the event loops.
 */
public final class HealthProber implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(HealthProber.class.getName());

  private final long initialMillis;
  private final long maxMillis;
  private final long afterHardTkoMillis;
  private final int probeTimeoutMillis;
  private volatile Readmission readmission =
      (tracker, server) -> {
        tracker.recordProbeSuccess();
        return true;
      };
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "memkube-proxy-prober");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param initialMillis first probe delay after a soft TKO ({@code --probe-timeout-initial})
   * @param maxMillis largest probe delay ({@code --probe-timeout-max})
   * @param afterHardTkoMillis first probe delay after a hard TKO ({@link
   *     ProbeSchedule#afterHardTko})
   */
  public HealthProber(
      long initialMillis, long maxMillis, long afterHardTkoMillis, int probeTimeoutMillis) {
    this.initialMillis = initialMillis;
    this.afterHardTkoMillis = afterHardTkoMillis;
    this.maxMillis = maxMillis;
    this.probeTimeoutMillis = probeTimeoutMillis;
  }

  /**
   * What happens when a down server answers a probe, before it takes traffic again; the default
   * lets it back at once.
   */
  @FunctionalInterface
  public interface Readmission {
    /**
     * Does what must come first and lets the server back ({@link TkoTracker#recordProbeSuccess});
     * returns false to keep it down and probe again later.
     */
    boolean readmit(TkoTracker tracker, ServerAddress server);
  }

  /** Replaces the default readmission (the delete spool delivers what the server missed). */
  public void readmission(Readmission r) {
    this.readmission = r;
  }

  /** Starts probing a server that just went down, until a probe succeeds. */
  public void startProbing(TkoTracker tracker, ServerAddress server) {
    LOG.warning(() -> "server " + tracker.server() + " marked down: " + tracker.reason());
    ProbeSchedule schedule =
        tracker.isHardTko()
            ? ProbeSchedule.afterHardTko(afterHardTkoMillis, maxMillis)
            : new ProbeSchedule(initialMillis, maxMillis);
    scheduleProbe(tracker, server, schedule);
  }

  private void scheduleProbe(TkoTracker tracker, ServerAddress server, ProbeSchedule schedule) {
    if (scheduler.isShutdown()) {
      return;
    }
    scheduler.schedule(
        () -> {
          if (probe(server) && readmission.readmit(tracker, server)) {
            LOG.info(() -> "server " + tracker.server() + " answered a probe: back in service");
          } else {
            scheduleProbe(tracker, server, schedule);
          }
        },
        schedule.nextDelayMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** How probes connect: TLS for {@code :ssl} servers, the pool's login first. */
  private volatile ServerDialer dialer = ServerDialer.plain();

  /** Probes connect through {@code d} (TLS sockets, the pools' logins). */
  public void dialer(ServerDialer d) {
    this.dialer = d;
  }

  /**
   * Whether the server answers {@code version} within the probe timeout, after the login when its
   * pool has credentials (a refused login is a failed probe: the server stays down). A server with
   * memcached's ASCII authentication answers an unauthenticated {@code version} with {@code
   * CLIENT_ERROR unauthenticated}: alive too.
   */
  public boolean probe(ServerAddress server) {
    try (Socket s = dialer.open(server, probeTimeoutMillis)) {
      OutputStream out = s.getOutputStream();
      out.write("version\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[8];
      int n = in.readNBytes(buf, 0, 8);
      String start = new String(buf, 0, n, StandardCharsets.US_ASCII);
      return start.equals("VERSION ") || start.equals("CLIENT_E") && unauthenticated(in);
    } catch (IOException e) {
      return false;
    }
  }

  /** The rest of {@code CLIENT_ERROR unauthenticated}, after its first 8 bytes. */
  private static boolean unauthenticated(InputStream in) throws IOException {
    String rest = "RROR unauthenticated\r\n";
    byte[] buf = in.readNBytes(rest.length());
    return new String(buf, StandardCharsets.US_ASCII).equals(rest);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
