package io.memkube.proxy.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A blocking memcached text-protocol connection for the operations benchmark. */
final class TextConnection implements AutoCloseable {
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  TextConnection(int port, int timeoutMillis) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
    socket.setSoTimeout(timeoutMillis);
    socket.setTcpNoDelay(true);
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream());
  }

  void send(String raw) throws IOException {
    out.write(raw.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  String readLine() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        String s = b.toString(StandardCharsets.US_ASCII);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      b.write(c);
    }
    throw new IOException("connection closed");
  }

  /**
   * Reads the reply to one single-key {@code get}: the value, or null for a miss; an error line is
   * thrown as {@link ErrorReply}.
   */
  String readGet() throws IOException {
    String line = readLine();
    if (line.equals("END")) {
      return null;
    }
    if (!line.startsWith("VALUE ")) {
      throw new ErrorReply(line);
    }
    String value = readLine();
    String end = readLine();
    if (!end.equals("END")) {
      throw new IOException("expected END, got " + end);
    }
    return value;
  }

  /** Reads the reply to a storage command; anything but STORED is thrown as {@link ErrorReply}. */
  void readStored() throws IOException {
    String line = readLine();
    if (!line.equals("STORED")) {
      throw new ErrorReply(line);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  /** A reply that is an error line (SERVER_ERROR ..., CLIENT_ERROR ..., ERROR). */
  static final class ErrorReply extends IOException {
    private static final long serialVersionUID = 1L;

    ErrorReply(String line) {
      super(line);
    }
  }
}
