package io.memkube.proxy.spool;

import io.memkube.proxy.configmodel.spec.ServerAddress;
import io.memkube.proxy.pool.ServerDialer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;

/**
 * Sends spooled deletes to a server over a blocking socket of its own, pipelined a batch at a time.
 * It runs on the prober's thread, before the server is let back in, never on an event loop.
 */
final class SpoolDelivery {
  private final int timeoutMillis;
  private volatile ServerDialer dialer = ServerDialer.plain();

  SpoolDelivery(int timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
  }

  /** Deliveries connect through {@code d}: TLS and the pool's login, as every connection. */
  void dialer(ServerDialer d) {
    this.dialer = d;
  }

  /**
   * What came of a batch.
   *
   * @param answered how many records, from the first, were settled: DELETED, NOT_FOUND, or an error
   *     that sending again cannot cure ({@code CLIENT_ERROR}, {@code ERROR}: the server refuses the
   *     command itself). It stops before the first {@code SERVER_ERROR}: that delete did not happen
   *     and may succeed later, so it stays spooled (and its server out of the ring) for the next
   *     probe, as a live delete answered SERVER_ERROR is spooled instead of dropped
   * @param errors how many of the settled answers were errors (counted, and dropped)
   * @param serverError the SERVER_ERROR line that stopped the batch, or null
   */
  record Outcome(int answered, int errors, String serverError) {
    Outcome(int answered, int errors) {
      this(answered, errors, null);
    }
  }

  Outcome deliver(ServerAddress server, List<SpoolRecord> records) {
    int answered = 0;
    int errors = 0;
    String serverError = null;
    try (Socket s = dialer.open(server, timeoutMillis)) {
      ByteArrayOutputStream req = new ByteArrayOutputStream();
      for (SpoolRecord r : records) {
        r.writeCommand(req);
      }
      OutputStream out = s.getOutputStream();
      req.writeTo(out);
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[8192];
      int len = 0;
      int pos = 0;
      StringBuilder line = new StringBuilder();
      while (answered < records.size() && serverError == null) {
        if (pos == len) {
          len = in.read(buf);
          pos = 0;
          if (len < 0) {
            break;
          }
        }
        char c = (char) (buf[pos++] & 0xff);
        if (c == '\n') {
          String l = line.toString().trim();
          line.setLength(0);
          if (l.startsWith("SERVER_ERROR")) {
            serverError = l;
            break;
          }
          answered++;
          if (!(l.equals("DELETED")
              || l.equals("NOT_FOUND")
              || l.startsWith("HD")
              || l.startsWith("NF"))) {
            errors++;
          }
        } else {
          line.append(c);
        }
      }
    } catch (IOException e) {
      // what was answered stays delivered; the rest waits for the next probe
    }
    return new Outcome(answered, errors, serverError);
  }
}
