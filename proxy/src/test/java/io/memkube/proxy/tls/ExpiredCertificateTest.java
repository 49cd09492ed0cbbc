package io.memkube.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.protocol.tls.TestCertificates;
import io.memkube.protocol.tls.TlsFailures;
import io.memkube.proxy.testing.BackendProcess;
import io.memkube.proxy.testing.FreePorts;
import io.memkube.proxy.testing.ProxyProcess;
import io.memkube.proxy.testing.TextClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A certificate past its dates, on the cache server and on the proxy's TLS port (real processes):
 * both start (as memcached does) with a warning that names the file and the date, every client that
 * checks certificates refuses the handshake with a clear error (OpenSSL's {@code s_client},
 * Python's ssl under pymemcache, the JDK), so nothing is served; the proxy toward such a server
 * marks it down with the reason and answers its clients with an error.
 */
class ExpiredCertificateTest {
  @TempDir Path dir;

  @Test
  void anExpiredCertificateFailsEveryHandshakeWithAClearError() throws Exception {
    TestCertificates certs = TestCertificates.create(dir);
    Path expired = dir.resolve("expired.crt");
    certs.signExpired("expired", certs.serverKey, expired);
    int serverPort = FreePorts.next();
    int sslPort = FreePorts.next();
    String config =
        "{\"pools\": {\"A\": {\"servers\": [\"127.0.0.1:"
            + serverPort
            + "\"], \"use_ssl\": true}}, \"route\": \"PoolRoute|A\"}";
    try (BackendProcess server =
            BackendProcess.memkubeWithTls(serverPort, expired, certs.serverKey);
        ProxyProcess proxy =
            ProxyProcess.start(
                config,
                "--ssl-port",
                Integer.toString(sslPort),
                "--server-pem-cert-path",
                expired.toString(),
                "--server-pem-key-path",
                certs.serverKey.toString(),
                "--pem-ca-path",
                certs.caCert.toString(),
                "--asynclog-disable")) {
      assertTrue(server.output().contains("the certificate in " + expired + " expired at"));
      assertTrue(proxy.outputContains("the certificate in " + expired + " expired at"));
      for (int port : new int[] {serverPort, sslPort}) {
        String sClient = sClient(port, certs.caCert);
        assertTrue(sClient.contains("certificate has expired"), sClient);
        String py = SecretRotationTest.pymemcache(port, certs.caCert, "any", "one");
        assertTrue(py.startsWith("error SSLCertVerificationError"), py);
        assertTrue(py.contains("certificate has expired"), py);
        try (SSLSocket s =
            (SSLSocket)
                certs
                    .client(null, null, "TLS")
                    .getSocketFactory()
                    .createSocket("127.0.0.1", port)) {
          s.startHandshake();
          throw new AssertionError("the JDK accepted an expired certificate on " + port);
        } catch (SSLException e) {
          assertTrue(TlsFailures.describe(e).contains("has expired"), TlsFailures.describe(e));
        }
      }
      try (TextClient c = new TextClient(proxy.port())) {
        String r = c.line("set k 0 0 1\r\nv\r\n");
        assertTrue(r.startsWith("SERVER_ERROR"), r);
        assertNotEquals("STORED", r);
      }
      assertTrue(
          proxy.outputContains(
              "TLS handshake failed: the peer's certificate has expired (NotAfter: "),
          proxy.output());
    }
  }

  /** {@code openssl s_client} with the CA, stopping at a verification error: what it printed. */
  private static String sClient(int port, Path ca) throws Exception {
    Process p =
        new ProcessBuilder(
                "openssl",
                "s_client",
                "-connect",
                "127.0.0.1:" + port,
                "-CAfile",
                ca.toString(),
                "-verify_return_error",
                "-brief")
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertNotEquals(0, p.exitValue(), out);
    return out;
  }
}
