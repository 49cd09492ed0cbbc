package io.memkube.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.protocol.tls.TestCertificates;
import io.memkube.proxy.RunningProxy;
import io.memkube.proxy.state.ProxyOptions;
import io.memkube.proxy.testing.FreePorts;
import io.memkube.proxy.testing.MemcachedProcess;
import io.memkube.proxy.testing.ProxyFixture;
import io.memkube.proxy.testing.TextClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients at the wrong port, over real sockets: plaintext sent to the proxy's {@code --ssl-port},
 * and a TLS handshake sent to its plaintext {@code -p}. Each gets a clear end (a closed connection,
 * or memcached's own answer to the same bytes), the proxy does not crash, and the clients already
 * connected to either port, and those that come after, are served as before.
 */
class MisdirectedClientsTest {
  @TempDir static Path dir;

  private static TestCertificates certs;
  private static MemcachedProcess memcached;
  private static RunningProxy proxy;
  private static int sslPort;

  @BeforeAll
  static void start() throws Exception {
    certs = TestCertificates.create(dir);
    memcached = MemcachedProcess.start();
    sslPort = FreePorts.next();
    ProxyTls tls =
        ProxyTls.fromFiles(
            sslPort,
            certs.serverCert.toString(),
            certs.serverKey.toString(),
            null,
            false,
            null,
            null,
            null);
    ProxyOptions options = ProxyOptions.defaults().withTls(tls);
    proxy =
        ProxyFixture.start(
            "{\"pools\": {\"A\": {\"servers\": [\""
                + memcached.address()
                + "\"]}},"
                + " \"route\": \"PoolRoute|A\"}",
            options);
  }

  @AfterAll
  static void stop() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
    if (memcached != null) {
      memcached.close();
    }
  }

  private static Socket tls(int port) throws Exception {
    SSLContext ctx = certs.client(null, null, "TLS");
    SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
    s.setSoTimeout(10_000);
    return s;
  }

  /** A plaintext and a TLS client, both served. */
  private static void bothPortsServe(TextClient plain, TextClient secure, String key)
      throws IOException {
    assertEquals("STORED", plain.line("set " + key + " 0 0 1\r\np\r\n"));
    assertEquals("VALUE " + key + " 0 1", secure.line("get " + key + "\r\n"));
    assertEquals("p", secure.readLine());
    assertEquals("END", secure.readLine());
    assertEquals("STORED", secure.line("set " + key + " 0 0 1\r\ns\r\n"));
    assertEquals("VALUE " + key + " 0 1", plain.line("get " + key + "\r\n"));
    assertEquals("s", plain.readLine());
    assertEquals("END", plain.readLine());
  }

  /**
   * What a peer sends back to {@code request} until it closes the connection, or {@code <open>}
   * appended when it has not closed it after {@code millis} of silence.
   */
  private static String replyUntilClosed(int port, byte[] request, int millis) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      s.setSoTimeout(millis);
      s.getOutputStream().write(request);
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      byte[] buf = new byte[4096];
      try {
        for (int n; (n = in.read(buf)) >= 0; ) {
          all.write(buf, 0, n);
        }
        return all.toString(StandardCharsets.ISO_8859_1) + "<closed>";
      } catch (SocketTimeoutException e) {
        return all.toString(StandardCharsets.ISO_8859_1) + "<open>";
      } catch (SocketException e) {
        return all.toString(StandardCharsets.ISO_8859_1) + "<closed>"; // a reset
      }
    }
  }

  /** A TLS ClientHello as the JDK's client first sends it. */
  private static byte[] clientHello() throws Exception {
    SSLEngine engine = certs.client(null, null, "TLS").createSSLEngine("127.0.0.1", 1);
    engine.setUseClientMode(true);
    ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    engine.wrap(ByteBuffer.allocate(0), out);
    out.flip();
    byte[] hello = new byte[out.remaining()];
    out.get(hello);
    return hello;
  }

  @Test
  void plaintextToTheTlsPortIsClosedAndServesNothingWhileOtherClientsGoOn() throws Exception {
    try (TextClient plain = new TextClient(proxy.port());
        TextClient secure = new TextClient(tls(sslPort))) {
      bothPortsServe(plain, secure, "before");
      String reply =
          replyUntilClosed(
              sslPort, "set k 0 0 1\r\nx\r\nget k\r\n".getBytes(StandardCharsets.US_ASCII), 10_000);
      System.out.println("plaintext to --ssl-port: " + show(reply));
      assertTrue(reply.endsWith("<closed>"), "the proxy closes it: " + show(reply));
      // as memcached with -Z closes it (no bytes, no alert: the peer did not speak TLS)
      try (MemcachedProcess memcachedTls =
          MemcachedProcess.start(
              32,
              "-Z",
              "-o",
              "ssl_chain_cert=" + certs.serverCert + ",ssl_key=" + certs.serverKey)) {
        assertEquals(
            replyUntilClosed(
                memcachedTls.port(),
                "set k 0 0 1\r\nx\r\nget k\r\n".getBytes(StandardCharsets.US_ASCII),
                10_000),
            reply);
      }
      assertFalse(reply.contains("STORED") || reply.contains("END"), "nothing served");
      // several at once, and one that sends nothing but a line end
      for (int i = 0; i < 10; i++) {
        assertTrue(
            replyUntilClosed(sslPort, "version\r\n".getBytes(StandardCharsets.US_ASCII), 10_000)
                .endsWith("<closed>"));
      }
      bothPortsServe(plain, secure, "after");
    }
    try (TextClient plain = new TextClient(proxy.port());
        TextClient secure = new TextClient(tls(sslPort))) {
      bothPortsServe(plain, secure, "new");
    }
  }

  @Test
  void aTlsHandshakeToThePlaintextPortFailsAtTheClientAndGetsWhatMemcachedAnswers()
      throws Exception {
    try (TextClient plain = new TextClient(proxy.port());
        TextClient secure = new TextClient(tls(sslPort))) {
      bothPortsServe(plain, secure, "before2");
      // the JDK's client gives up with an error rather than hanging
      try (Socket s = tls(proxy.port())) {
        SSLException e = assertThrows(SSLException.class, () -> ((SSLSocket) s).startHandshake());
        System.out.println("TLS to -p, the client's error: " + e);
      }
      byte[] hello = clientHello();
      String ours = replyUntilClosed(proxy.port(), hello, 2000);
      String theirs = replyUntilClosed(memcached.port(), hello, 2000);
      System.out.println(
          "TLS ClientHello to -p: proxy " + show(ours) + ", memcached " + show(theirs));
      assertEquals(theirs, ours);
      bothPortsServe(plain, secure, "after2");
    }
  }

  private static String show(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
    }
    return b.toString();
  }
}
