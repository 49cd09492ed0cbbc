package io.memkube.proxy.pool;

import io.memkube.protocol.auth.AuthFile;
import io.memkube.proxy.auth.ServerCredentials;
import io.memkube.proxy.configmodel.spec.ServerAddress;
import io.memkube.proxy.route.Destination;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;

/**
 * Blocking connections to servers for the paths that do not go through the event loops' pooled
 * connections (the TKO prober, the delete spool's delivery, the key mover's scans): over TLS for a
 * {@code :ssl} server and logged in first for a server whose pool has credentials, exactly as a
 * pooled connection is, so nothing reaches a server unauthenticated on any path.
 */
public final class ServerDialer {
  private final Supplier<? extends SocketFactory> tlsSockets;
  private final Function<ServerAddress, Destination> servers;

  /**
   * @param tlsSockets sockets for {@code :ssl} servers (asked for at the first one)
   * @param servers the server at an address (its credentials, where refusals are counted), or null
   *     for one no config lists
   */
  public ServerDialer(
      Supplier<? extends SocketFactory> tlsSockets, Function<ServerAddress, Destination> servers) {
    this.tlsSockets = tlsSockets;
    this.servers = servers;
  }

  /** Plain sockets only, no logins (tests, and proxies without TLS or credentials). */
  public static ServerDialer plain() {
    return new ServerDialer(SocketFactory::getDefault, a -> null);
  }

  /** The login refused by the server: its answer is the message. */
  public static final class LoginRefusedException extends IOException {
    public LoginRefusedException(String message) {
      super(message);
    }
  }

  /**
   * A connected socket to {@code server}, its TLS handshake done and logged in.
   *
   * @throws LoginRefusedException when the server refuses the login
   */
  public Socket open(ServerAddress server, int timeoutMillis) throws IOException {
    Socket s = server.tls() ? tlsSockets.get().createSocket() : new Socket();
    try {
      s.connect(new InetSocketAddress(server.host(), server.port()), timeoutMillis);
      s.setSoTimeout(timeoutMillis);
      s.setTcpNoDelay(true);
      if (s instanceof SSLSocket tls) {
        tls.startHandshake();
      }
      Destination d = servers.apply(server);
      ServerCredentials c = d == null ? null : d.credentials();
      if (c != null) {
        try {
          logIn(s, c.login());
        } catch (LoginRefusedException e) {
          d.countAuthFailure();
          throw e;
        }
      }
      return s;
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /**
   * memcached's ASCII authentication: a {@code set} whose value is {@code user password}, answered
   * {@code STORED}. The key is already expired ({@code -1}), so a server without {@code -Y}, which
   * stores it, keeps nothing a client could read back.
   */
  public static byte[] loginRequest(AuthFile.Login login) {
    byte[] value = login.value();
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + value.length);
    out.writeBytes(
        ("set " + LOGIN_KEY + " 0 -1 " + value.length + "\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(value);
    out.writeBytes(new byte[] {'\r', '\n'});
    return out.toByteArray();
  }

  /** The key of the login's {@code set}, which {@code -Y} servers do not look at. */
  public static final String LOGIN_KEY = "__memkube_proxy_login";

  private static void logIn(Socket s, AuthFile.Login login) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(loginRequest(login));
    out.flush();
    String answer = line(s.getInputStream());
    if (!answer.equals("STORED")) {
      throw new LoginRefusedException(answer);
    }
  }

  /** One reply line, read a byte at a time so nothing after it is consumed. */
  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new IOException("connection closed during the login");
      }
      if (c != '\r' && sb.length() < 1024) {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }
}
