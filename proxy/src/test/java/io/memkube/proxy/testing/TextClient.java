package io.memkube.proxy.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A blocking memcached text-protocol client for tests: send raw commands, read raw replies. */
public final class TextClient implements AutoCloseable {
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  public TextClient(int port) throws IOException {
    this(plain(port));
  }

  /** Over a connected socket (a TLS one). */
  public TextClient(Socket connected) throws IOException {
    socket = connected;
    socket.setSoTimeout(5000);
    out = socket.getOutputStream();
    in = new java.io.BufferedInputStream(socket.getInputStream());
  }

  private static Socket plain(int port) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
    return s;
  }

  /** The socket (a TLS one's session shows the certificate the peer presented). */
  public Socket socket() {
    return socket;
  }

  public void send(String raw) throws IOException {
    out.write(raw.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Sends a command and reads one line of reply. */
  public String line(String command) throws IOException {
    send(command);
    return readLine();
  }

  /** Sends a command and reads until (and including) a line equal to {@code last}. */
  public String until(String command, String last) throws IOException {
    send(command);
    return readUntil(last);
  }

  public String readUntil(String last) throws IOException {
    StringBuilder sb = new StringBuilder();
    while (true) {
      String l = readLine();
      sb.append(l).append("\r\n");
      if (l.equals(last) || l.startsWith("SERVER_ERROR") || l.startsWith("CLIENT_ERROR")) {
        return sb.toString();
      }
    }
  }

  public String readLine() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        byte[] bytes = b.toByteArray();
        int len =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, len, StandardCharsets.UTF_8);
      }
      b.write(c);
    }
    throw new IOException("connection closed after '" + b + "'");
  }

  /** Whether the server closed the connection (reads EOF within the timeout). */
  public boolean isClosedByPeer() throws IOException {
    try {
      return in.read() == -1;
    } catch (java.net.SocketException e) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
