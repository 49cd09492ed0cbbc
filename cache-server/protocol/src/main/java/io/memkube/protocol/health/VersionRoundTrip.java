package io.memkube.protocol.health;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import javax.net.SocketFactory;

/**
 * One memcached protocol round trip: connect, send {@code version}, read one reply line. A TCP
 * connect only proves that the kernel accepts connections on the port; this proves that an event
 * loop picked the request up, the codec parsed it and a reply went out.
 */
public final class VersionRoundTrip {
  private static final byte[] REQUEST = "version\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final String VERSION_PREFIX = "VERSION ";
  private static final String TOO_MANY_CONNECTIONS = "ERROR Too many open connections";

  /**
   * The answer of a server with memcached's ASCII authentication ({@code -Y}) to a client that has
   * not logged in. It proves the same as a version line (an event loop read the request and the
   * codec answered), so the probe needs no credentials.
   */
  private static final String UNAUTHENTICATED = "CLIENT_ERROR unauthenticated";

  /** Longer than any version line; a reply this long without a newline is not a reply. */
  private static final int MAX_LINE = 256;

  private final InetSocketAddress target;
  private final int timeoutMillis;
  private final Supplier<? extends SocketFactory> sockets;

  /**
   * @param target the server's memcached address
   * @param timeout bound on the connect and, separately, on the wait for the reply
   */
  public VersionRoundTrip(InetSocketAddress target, Duration timeout) {
    this(target, timeout, SocketFactory::getDefault);
  }

  /**
   * @param sockets where each round trip's socket comes from (an {@code SSLSocketFactory} for a TLS
   *     port: the handshake is then part of what the round trip proves)
   */
  public VersionRoundTrip(
      InetSocketAddress target, Duration timeout, Supplier<? extends SocketFactory> sockets) {
    this.target = target;
    this.timeoutMillis = Math.toIntExact(Math.max(1, timeout.toMillis()));
    this.sockets = sockets;
  }

  public InetSocketAddress target() {
    return target;
  }

  /** Runs the round trip; never throws. */
  public Outcome run() {
    try (Socket socket = sockets.get().createSocket()) {
      socket.connect(target, timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      out.write(REQUEST);
      out.flush();
      String line = readLine(socket.getInputStream());
      if (line == null) {
        return Outcome.failing("connection closed before a reply to version");
      }
      if (line.startsWith(VERSION_PREFIX) || line.equals(UNAUTHENTICATED)) {
        return Outcome.serving(line);
      }
      if (line.equals(TOO_MANY_CONNECTIONS)) {
        // the server is alive (an event loop answered) but takes no new client
        return new Outcome(Status.BUSY, "connection limit reached (" + line + ")");
      }
      return Outcome.failing("unexpected reply to version: " + printable(line));
    } catch (SocketTimeoutException e) {
      return Outcome.failing("no reply from " + describe() + " within " + timeoutMillis + " ms");
    } catch (IOException e) {
      return Outcome.failing(describe() + ": " + e.getMessage());
    }
  }

  private String describe() {
    return target.getAddress().getHostAddress() + ":" + target.getPort();
  }

  /** One line without its CR LF, or null at end of stream. */
  private static String readLine(InputStream in) throws IOException {
    byte[] buf = new byte[MAX_LINE];
    int n = 0;
    while (n < buf.length) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      if (b == '\n') {
        int end = n > 0 && buf[n - 1] == '\r' ? n - 1 : n;
        return new String(buf, 0, end, StandardCharsets.US_ASCII);
      }
      buf[n++] = (byte) b;
    }
    return new String(buf, 0, n, StandardCharsets.US_ASCII);
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && i < 80; i++) {
      char c = s.charAt(i);
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return b.toString();
  }

  /** What the round trip showed. */
  public enum Status {
    /** A {@code VERSION} line came back. */
    SERVING,
    /** The server answered but refused the connection: it is at its {@code -c} limit. */
    BUSY,
    /** No valid answer: refused, timed out, closed or garbled. */
    FAILING
  }

  /**
   * @param status what the round trip showed
   * @param detail the reply line or the reason it failed, for the probe's body
   */
  public record Outcome(Status status, String detail) {
    static Outcome serving(String line) {
      return new Outcome(Status.SERVING, line);
    }

    static Outcome failing(String reason) {
      return new Outcome(Status.FAILING, reason);
    }
  }
}
