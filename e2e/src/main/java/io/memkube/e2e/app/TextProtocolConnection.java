package io.memkube.e2e.app;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * One connection speaking memcached's text protocol ({@code set}, {@code get}, {@code version}), as
 * an application would: blocking, one request at a time, every call bounded by a timeout. The test
 * application and the data-plane tests share it, so both talk to the servers and the proxy the same
 * way.
 */
public final class TextProtocolConnection implements Closeable {

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private String lastReply = "";

  private TextProtocolConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Connects to {@code host:port}; {@code timeout} bounds the connect and every reply. */
  public static TextProtocolConnection open(String host, int port, Duration timeout)
      throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout((int) timeout.toMillis());
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      return new TextProtocolConnection(socket);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Connects over TLS to {@code host:port}, verifying the server's certificate against {@code
   * trust} and the name {@code serverName} (which need not be {@code host}: an application reaches
   * its node's proxy by the node's address and checks the proxy Service's name).
   */
  public static TextProtocolConnection openTls(
      String host, int port, Duration timeout, SSLContext trust, String serverName)
      throws IOException {
    Socket plain = new Socket();
    try {
      plain.setTcpNoDelay(true);
      plain.setSoTimeout((int) timeout.toMillis());
      plain.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      SSLSocket tls =
          (SSLSocket) trust.getSocketFactory().createSocket(plain, serverName, port, true);
      SSLParameters parameters = tls.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      tls.setSSLParameters(parameters);
      tls.startHandshake();
      return new TextProtocolConnection(tls);
    } catch (IOException e) {
      plain.close();
      throw e;
    }
  }

  /**
   * An {@link SSLContext} trusting the certificates of a PEM file (a CA, as a Kubernetes TLS
   * Secret's {@code ca.crt}).
   */
  public static SSLContext trusting(Path caPem) throws IOException {
    try (InputStream in = Files.newInputStream(caPem)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int n = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + n++, c);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot trust " + caPem + ": " + e.getMessage(), e);
    }
  }

  /**
   * memcached's ASCII login ({@code -Y}): {@code set} of any key whose value is {@code user
   * password}; true when accepted ({@code STORED}).
   */
  public boolean login(String user, String password) throws IOException {
    return set("auth", user + " " + password);
  }

  /** The certificate the server presented (TLS connections only), else empty. */
  public Optional<X509Certificate> peerCertificate() throws IOException {
    if (socket instanceof SSLSocket tls) {
      return Optional.of((X509Certificate) tls.getSession().getPeerCertificates()[0]);
    }
    return Optional.empty();
  }

  /** {@code set key 0 0 n}: true when the reply is {@code STORED}. */
  public boolean set(String key, String value) throws IOException {
    byte[] data = value.getBytes(StandardCharsets.UTF_8);
    out.write(("set " + key + " 0 0 " + data.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(data);
    out.write(CRLF);
    out.flush();
    String reply = readLine();
    lastReply = reply;
    if (reply.equals("STORED")) {
      return true;
    }
    if (reply.startsWith("SERVER_ERROR")
        || reply.startsWith("CLIENT_ERROR")
        || reply.equals("ERROR")
        || reply.equals("NOT_STORED")) {
      return false;
    }
    throw new IOException("unexpected reply to set: " + reply);
  }

  /** The reply line of the last {@code set} (to explain a refusal). */
  public String lastReply() {
    return lastReply;
  }

  /** {@code get key}: the value of a hit, empty on a miss. */
  public Optional<String> get(String key) throws IOException {
    out.write(("get " + key + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String line = readLine();
    if (line.equals("END")) {
      return Optional.empty();
    }
    if (!line.startsWith("VALUE ")) {
      throw new IOException("unexpected reply to get: " + line);
    }
    String[] header = line.split(" ");
    byte[] data = in.readNBytes(Integer.parseInt(header[header.length - 1]));
    if (in.read() != '\r' || in.read() != '\n') {
      throw new IOException("a value not followed by CRLF");
    }
    String end = readLine();
    if (!end.equals("END")) {
      throw new IOException("unexpected end of get: " + end);
    }
    return Optional.of(new String(data, StandardCharsets.UTF_8));
  }

  /** {@code version}: the line after {@code VERSION}. */
  public String version() throws IOException {
    out.write("version\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String line = readLine();
    if (!line.startsWith("VERSION ")) {
      throw new IOException("unexpected reply to version: " + line);
    }
    return line.substring("VERSION ".length());
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int previous = -1;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("the server closed the connection");
      }
      if (previous == '\r' && b == '\n') {
        byte[] bytes = line.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
      }
      line.write(b);
      previous = b;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private static final byte[] CRLF = {'\r', '\n'};
}
