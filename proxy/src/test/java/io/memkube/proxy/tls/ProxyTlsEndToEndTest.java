package io.memkube.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.protocol.tls.TestCertificates;
import io.memkube.proxy.RunningProxy;
import io.memkube.proxy.state.ProxyOptions;
import io.memkube.proxy.testing.BackendProcess;
import io.memkube.proxy.testing.FreePorts;
import io.memkube.proxy.testing.ProxyFixture;
import io.memkube.proxy.testing.TextClient;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on both sides of the proxy, with real servers: a client speaks TLS (with its certificate) to
 * the proxy's {@code --ssl-port}, and the proxy speaks TLS, presenting {@code --pem-cert-path}, to
 * a {@code use_ssl} pool of Debian's memcached with {@code -Z} and {@code ssl_verify_mode=2}, and
 * of memkube's cache server with the same flags (its jar, when the build has made it).
 */
class ProxyTlsEndToEndTest {
  @TempDir Path dir;

  // the backend is only kept running while the test talks to it through the proxy
  @SuppressWarnings("try")
  @Test
  void clientTlsToProxyTlsToMemcachedWithClientCertificates() throws Exception {
    TestCertificates certs = TestCertificates.create(dir);
    int port = FreePorts.next();
    try (BackendProcess memcached =
        start(certs, port, List.of("/usr/bin/memcached", "-u", "root"))) {
      // memcached 1.6.18 leaves requests that follow a value of more than 16 KB in the same TLS
      // read unanswered until more bytes come, and the proxy batches requests: small values here
      exercise(certs, port, 10_000);
    }
  }

  // the backend is only kept running while the test talks to it through the proxy
  @SuppressWarnings("try")
  @Test
  void clientTlsToProxyTlsToMemkubesCacheServer() throws Exception {
    TestCertificates certs = TestCertificates.create(dir);
    int port = FreePorts.next();
    try (BackendProcess server = start(certs, port, BackendProcess.memkubeCacheServer())) {
      exercise(certs, port, 300_000);
    }
  }

  /** Starts a memcached-compatible server with -Z, requiring client certificates from the CA. */
  private static BackendProcess start(TestCertificates certs, int port, List<String> command)
      throws Exception {
    return BackendProcess.start(
        command,
        port,
        List.of(
            "-p",
            Integer.toString(port),
            "-l",
            "127.0.0.1",
            "-U",
            "0",
            "-Z",
            "-o",
            "ssl_chain_cert="
                + certs.serverCert
                + ",ssl_key="
                + certs.serverKey
                + ",ssl_ca_cert="
                + certs.caCert
                + ",ssl_verify_mode=2"));
  }

  private void exercise(TestCertificates certs, int serverPort, int valueSize) throws Exception {
    int sslPort = FreePorts.next();
    ProxyTls tls =
        ProxyTls.fromFiles(
            sslPort,
            certs.serverCert.toString(),
            certs.serverKey.toString(),
            certs.caCert.toString(),
            true,
            certs.clientCert.toString(),
            certs.clientKey.toString(),
            certs.caCert.toString());
    ProxyOptions options = ProxyOptions.defaults().withTls(tls);
    String config =
        "{\"pools\": {\"A\": {\"servers\": [\"127.0.0.1:"
            + serverPort
            + "\"], \"use_ssl\": true},"
            + " \"plain\": {\"servers\": [\"127.0.0.1:"
            + serverPort
            + "\"]}},"
            + " \"route\": {\"type\": \"PrefixSelectorRoute\", \"policies\": {\"plain:\":"
            + " \"PoolRoute|plain\"}, \"wildcard\": \"PoolRoute|A\"}}";
    try (RunningProxy proxy = ProxyFixture.start(config, options)) {
      SSLContext client = certs.client(certs.clientCert, certs.clientKey, "TLS");
      // the first TLS handshakes (proxy threads to the server) can take longer than the 1 s server
      // timeout on a loaded machine: wait until a store goes through
      String warm = "";
      for (int i = 0; i < 30 && !warm.equals("STORED\r\n"); i++) {
        warm = exchange(client, sslPort, "set warm 0 0 1\r\nx\r\n", "\r\n");
      }
      assertEquals("STORED\r\n", warm);
      String big = "v".repeat(valueSize);
      assertEquals(
          "STORED\r\nSTORED\r\nVALUE k 5 2\r\nhi\r\nVALUE big 0 "
              + valueSize
              + "\r\n"
              + big
              + "\r\nEND\r\nHD\r\n",
          exchange(
              client,
              sslPort,
              "set k 5 0 2\r\nhi\r\nset big 0 0 "
                  + valueSize
                  + "\r\n"
                  + big
                  + "\r\nget k big nothing\r\nmd k\r\n",
              "HD\r\n"));
      // the plaintext port serves the same pool (still TLS toward the server)
      try (TextClient c = new TextClient(proxy.port())) {
        assertEquals("END", c.line("get k\r\n"));
        // a pool without use_ssl cannot reach a TLS-only server: an error, not a hang
        String r = c.line("get plain:x\r\n");
        assertTrue(r.equals("END") || r.startsWith("SERVER_ERROR"), r);
      }
      // the proxy's TLS port refuses a client without a certificate
      assertEquals(
          "<refused>", exchange(certs.client(null, null, "TLS"), sslPort, "version\r\n", "\r\n"));
    }
  }

  /** The replies until {@code last}, or {@code <refused>} when the TLS handshake fails. */
  private static String exchange(SSLContext client, int port, String request, String last)
      throws Exception {
    try (Socket s = client.getSocketFactory().createSocket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      try {
        s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        while (!all.toString(StandardCharsets.ISO_8859_1).endsWith(last)) {
          int n = in.read(buf);
          if (n < 0) {
            return all.size() == 0 ? "<refused>" : all + "<closed>";
          }
          all.write(buf, 0, n);
        }
        return all.toString(StandardCharsets.ISO_8859_1);
      } catch (javax.net.ssl.SSLException | java.net.SocketException e) {
        return "<refused>";
      }
    }
  }
}
