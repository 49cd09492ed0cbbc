package io.memkube.cacheserver.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.memkube.cacheserver.config.ServerSettings;
import io.memkube.cacheserver.config.Tuning;
import io.memkube.protocol.tls.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * memcached's TLS ({@code -Z}) against Debian's memcached 1.6.18 with the same certificate files,
 * the same {@code -o ssl_*} options and the same listeners (a TLS one and a {@code notls:} one):
 * replies over TLS byte for byte, the same handshakes refused (no client certificate, one from an
 * unknown CA, plaintext to the TLS port, TLS to the plain one), the same {@code stats settings},
 * and {@code refresh_certs} giving new connections the new certificate in both.
 */
class TlsDifferentialTest {
  @TempDir static Path dir;

  private static TestCertificates certs;
  private static MemcachedProcess memcached;
  private static InProcessServer ours;
  private static int[] tlsPorts;
  private static int[] plainPorts;

  @BeforeAll
  static void start() throws Exception {
    certs = TestCertificates.create(dir);
    String options =
        "ssl_chain_cert="
            + certs.serverCert
            + ",ssl_key="
            + certs.serverKey
            + ",ssl_ca_cert="
            + certs.caCert
            + ",ssl_verify_mode=2";
    int mTls = MemcachedProcess.freePort();
    int mPlain = MemcachedProcess.freePort();
    memcached = MemcachedProcess.start(mTls, listeners(mTls, mPlain), "-Z", "-o", options);
    int oTls = MemcachedProcess.freePort();
    int oPlain = MemcachedProcess.freePort();
    Tuning t = Tuning.defaults().enableTls();
    for (String o : options.split(",")) {
      t.apply(o);
    }
    ours =
        InProcessServer.start(
            new ServerSettings(
                0, listeners(oTls, oPlain), 64L << 20, 1024, 4, 1 << 20, 0, false, 1024, true, t));
    tlsPorts = new int[] {mTls, oTls};
    plainPorts = new int[] {mPlain, oPlain};
  }

  private static String listeners(int tls, int plain) {
    return "127.0.0.1:" + tls + ",notls:127.0.0.1:" + plain;
  }

  @AfterAll
  static void stop() throws Exception {
    if (ours != null) {
      ours.close();
    }
    if (memcached != null) {
      memcached.close();
    }
  }

  private static final String[] CASES = {
    "version\r\n",
    "set a 0 0 1\r\n1\r\nget a\r\ngets a\r\n",
    "add a 0 0 1\r\n2\r\nappend a 0 0 2\r\n++\r\nget a b c\r\n",
    // alone in its write: memcached 1.6.18 leaves requests that follow a value of more than 16 KB
    // in the same TLS read unanswered until the client sends more (OpenSSL's buffered records)
    "set big 7 0 600000\r\n" + "v".repeat(600_000) + "\r\n",
    "get big a\r\n",
    "ms m 2 T0 F5\r\nhi\r\nmg m v f t s\r\nma n N0 J13\r\nmn\r\n",
    "incr a 1\r\nset n 0 0 2\r\n10\r\nincr n 5\r\ndecr n 100\r\n",
    "get " + "k".repeat(251) + "\r\nbogus\r\n",
    "delete a\r\ndelete a\r\ntouch n 10\r\n",
  };

  @Test
  void repliesOverTlsAreMemcachedsByteForByte() throws Exception {
    List<String> failures = new ArrayList<>();
    Client client = () -> certs.client(certs.clientCert, certs.clientKey, "TLS");
    for (String c : CASES) {
      String expected = DifferentialTest.normalise(exchange(client, tlsPorts[0], c));
      String actual = DifferentialTest.normalise(exchange(client, tlsPorts[1], c));
      if (!expected.equals(actual)) {
        failures.add(
            "case "
                + abbreviate(c)
                + "\n  memcached: "
                + abbreviate(expected)
                + "\n  memkube:   "
                + abbreviate(actual));
      }
    }
    if (!failures.isEmpty()) {
      fail(String.join("\n", failures));
    }
  }

  @Test
  void aClientWithoutCertificateOrFromAnUnknownCaIsRefusedByBoth() throws Exception {
    Client none = () -> certs.client(null, null, "TLS");
    Client rogue = () -> certs.client(certs.rogueCert, certs.rogueKey, "TLS");
    for (int port : tlsPorts) {
      assertEquals("<refused>", exchange(none, port, "version\r\n"), "no certificate on " + port);
      assertEquals("<refused>", exchange(rogue, port, "version\r\n"), "rogue on " + port);
    }
  }

  @Test
  void plaintextToTheTlsPortAndTlsToThePlainPortGetNoReplyFromEither() throws Exception {
    Client client = () -> certs.client(certs.clientCert, certs.clientKey, "TLS");
    for (int i = 0; i < 2; i++) {
      try (WireClient w = new WireClient(tlsPorts[i])) {
        w.send("version\r\n");
        assertEquals("", WireClient.text(w.readReplies(3000, 100)), "plaintext to TLS " + i);
        assertTrue(w.closedByPeer(), "closed after plaintext to TLS " + i);
      }
      assertEquals("<refused>", exchange(client, plainPorts[i], "version\r\n"));
    }
  }

  @Test
  void tls12AndTls13ClientsAreServedByBoth() throws Exception {
    for (String protocol : List.of("TLSv1.2", "TLSv1.3")) {
      Client client = () -> certs.client(certs.clientCert, certs.clientKey, protocol);
      for (int port : tlsPorts) {
        String r = exchange(client, port, "mn\r\n");
        assertEquals("MN\r\nEN k__end__\r\n", r, protocol + " on " + port);
      }
    }
  }

  @Test
  void statsSettingsShowTheTlsOptionsAsMemcachedDoes() throws IOException {
    assertEquals(sslSettings(plainPorts[0]), sslSettings(plainPorts[1]));
    assertTrue(sslSettings(plainPorts[1]).contains("STAT ssl_enabled yes"));
  }

  @Test
  void refreshCertsGivesNewConnectionsTheNewCertificateAndReportsABadFileAsMemcached()
      throws Exception {
    Path original = dir.resolve("server.crt.orig");
    Files.copy(certs.serverCert, original);
    try {
      Path next = dir.resolve("next.crt");
      certs.sign("next-server", certs.serverKey, next, "subjectAltName=IP:127.0.0.1");
      Files.copy(next, certs.serverCert, StandardCopyOption.REPLACE_EXISTING);
      for (int i = 0; i < 2; i++) {
        assertEquals("OK\r\n", plain(plainPorts[i], "refresh_certs\r\n"));
        assertEquals("", plain(plainPorts[i], "refresh_certs noreply\r\n"));
        assertEquals("CN=next-server", peerSubject(tlsPorts[i]), "after refresh on " + i);
      }
      Files.writeString(certs.serverCert, "not a certificate\n");
      String m = plain(plainPorts[0], "refresh_certs\r\n");
      String o = plain(plainPorts[1], "refresh_certs\r\n");
      // OpenSSL's error code after " : " is memcached's own; the line up to it is the same
      String prefix = "Error loading the certificate chain: " + certs.serverCert + " : ";
      assertTrue(m.startsWith(prefix), m);
      assertTrue(o.startsWith(prefix), o);
      assertTrue(m.contains("no start line") && o.contains("no start line"), m + o);
      for (int port : tlsPorts) {
        assertEquals("CN=next-server", peerSubject(port), "a failed refresh keeps the last");
      }
    } finally {
      Files.copy(original, certs.serverCert, StandardCopyOption.REPLACE_EXISTING);
      for (int port : plainPorts) {
        plain(port, "refresh_certs\r\n");
      }
    }
  }

  private static String sslSettings(int port) throws IOException {
    StringBuilder b = new StringBuilder();
    for (String l : plain(port, "stats settings\r\n").split("\r\n")) {
      if (l.startsWith("STAT ssl_")) {
        b.append(l).append('\n');
      }
    }
    return b.toString();
  }

  private static String plain(int port, String request) throws IOException {
    try (WireClient w = new WireClient(port)) {
      w.send(request);
      return WireClient.text(w.readReplies(request.contains("noreply") ? 300 : 3000, 100));
    }
  }

  private static String peerSubject(int port) throws Exception {
    SSLContext client = certs.client(certs.clientCert, certs.clientKey, "TLS");
    try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port)) {
      s.startHandshake();
      return ((java.security.cert.X509Certificate) s.getSession().getPeerCertificates()[0])
          .getSubjectX500Principal()
          .getName();
    }
  }

  /** A request no case uses, whose reply marks the end of a case's replies. */
  private static final String MARKER = "mg __end__ k\r\n";

  /** How a test's client is made: a new context for every connection. */
  private interface Client {
    SSLContext create() throws Exception;
  }

  /**
   * The case's replies up to the marker's, or {@code <refused>} when TLS refused the client. Every
   * connection gets a context of its own, so none resumes an earlier TLS session: memcached 1.6.18
   * answers a resumption with client certificates required by an internal_error alert (it sets no
   * session id context without {@code ssl_session_cache}); memkube resumes.
   */
  private static String exchange(Client client, int port, String request) throws Exception {
    try (Socket s = client.create().getSocketFactory().createSocket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      try {
        s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        Thread.sleep(50); // the marker in a write of its own (see CASES)
        s.getOutputStream().write(MARKER.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        byte[] end = "EN k__end__\r\n".getBytes(StandardCharsets.ISO_8859_1);
        while (true) {
          int n = in.read(buf);
          if (n < 0) {
            return all.size() == 0 ? "<refused>" : all + "<closed>";
          }
          all.write(buf, 0, n);
          byte[] got = all.toByteArray();
          if (got.length >= end.length
              && java.util.Arrays.equals(
                  got, got.length - end.length, got.length, end, 0, end.length)) {
            return all.toString(StandardCharsets.ISO_8859_1);
          }
        }
      } catch (javax.net.ssl.SSLException | java.net.SocketException e) {
        return "<refused>"; // the handshake failed (an alert, or the server closed it)
      }
    }
  }

  private static String abbreviate(String s) {
    String e = s.replace("\r", "\\r").replace("\n", "\\n");
    return e.length() > 300 ? e.substring(0, 300) + "...(" + e.length() + ")" : e;
  }
}
