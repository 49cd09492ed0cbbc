package io.memkube.cacheserver.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A raw socket that sends bytes and reads replies, for byte-exact protocol tests. */
final class WireClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private boolean closedByPeer;

  WireClient(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setTcpNoDelay(true);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  void send(byte[] b) throws IOException {
    out.write(b);
    out.flush();
  }

  void send(String s) throws IOException {
    send(bytes(s));
  }

  boolean closedByPeer() {
    return closedByPeer;
  }

  /**
   * Reads until the replies end with {@code terminator}, the peer closes, or nothing arrives for
   * {@code idleMillis}.
   */
  byte[] readUntil(byte[] terminator, int idleMillis) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    socket.setSoTimeout(idleMillis);
    byte[] chunk = new byte[65536];
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < deadline) {
      int n;
      try {
        n = in.read(chunk);
      } catch (SocketTimeoutException e) {
        break;
      } catch (IOException e) {
        closedByPeer = true; // reset by peer
        break;
      }
      if (n < 0) {
        closedByPeer = true;
        break;
      }
      buf.write(chunk, 0, n);
      byte[] all = buf.toByteArray();
      if (terminator != null && endsWith(all, terminator)) {
        break;
      }
    }
    return buf.toByteArray();
  }

  /** Reads exactly the expected length of reply (or less if the peer stops). */
  String readText(String terminator) throws IOException {
    return text(readUntil(bytes(terminator), 5000));
  }

  private static boolean endsWith(byte[] all, byte[] t) {
    return all.length >= t.length
        && Arrays.equals(all, all.length - t.length, all.length, t, 0, t.length);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
