package io.memkube.cacheserver.it;

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
    socket.setSoTimeout(idleMillis);
    byte[] all = new byte[65536];
    int size = 0;
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (size == all.length) {
        all = Arrays.copyOf(all, all.length * 2);
      }
      int n;
      try {
        n = in.read(all, size, all.length - size);
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
      size += n;
      if (terminator != null && endsWith(all, size, terminator)) {
        break;
      }
    }
    return Arrays.copyOf(all, size);
  }

  /**
   * Reads what arrives within {@code firstMillis}, then on until nothing more comes for {@code
   * quietMillis}, the peer closes, or 20 s pass: the replies to one write when their length is
   * unknown.
   */
  byte[] readReplies(int firstMillis, int quietMillis) throws IOException {
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    byte[] buf = new byte[65536];
    socket.setSoTimeout(firstMillis);
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < deadline) {
      int n;
      try {
        n = in.read(buf);
      } catch (SocketTimeoutException e) {
        break;
      } catch (IOException e) {
        closedByPeer = true;
        break;
      }
      if (n < 0) {
        closedByPeer = true;
        break;
      }
      all.write(buf, 0, n);
      socket.setSoTimeout(quietMillis);
    }
    return all.toByteArray();
  }

  /** Ends the sending side (the peer reads end of input) and keeps reading open. */
  void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  /** Reads exactly the expected length of reply (or less if the peer stops). */
  String readText(String terminator) throws IOException {
    return text(readUntil(bytes(terminator), 5000));
  }

  private static boolean endsWith(byte[] all, int size, byte[] t) {
    return size >= t.length && Arrays.equals(all, size - t.length, size, t, 0, t.length);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
