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
   * @param answered how many records, from the first, got an answer (DELETED, NOT_FOUND, or an
   *     error line: a server that answers is no longer missing the delete because of the network)
   * @param errors how many of those answers were errors
   */
  record Outcome(int answered, int errors) {}

  Outcome deliver(ServerAddress server, List<SpoolRecord> records) {
    int answered = 0;
    int errors = 0;
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
      while (answered < records.size()) {
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
    return new Outcome(answered, errors);
  }
}
