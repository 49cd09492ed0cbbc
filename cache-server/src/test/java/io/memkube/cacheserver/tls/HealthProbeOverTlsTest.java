package io.memkube.cacheserver.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.cacheserver.config.ServerSettings;
import io.memkube.cacheserver.config.Tuning;
import io.memkube.cacheserver.net.CacheServer;
import io.memkube.protocol.health.HealthServer;
import io.memkube.protocol.tls.TestCertificates;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health endpoints stay plain HTTP on their own port while the memcached port requires TLS with
 * client certificates and ASCII authentication: the probe's round trip speaks TLS with the server's
 * own certificate and takes {@code CLIENT_ERROR unauthenticated} as an answer, so a secured server
 * is ready, and the probe needs no password.
 */
class HealthProbeOverTlsTest {
  @TempDir Path dir;

  @Test
  void aServerRequiringClientCertificatesAndLoginIsReady() throws Exception {
    TestCertificates c = TestCertificates.create(dir);
    Path auth = Files.writeString(dir.resolve("auth"), "u:p\n");
    Tuning t = Tuning.defaults().enableTls().authFile(auth.toString());
    t.apply("ssl_chain_cert=" + c.serverCert);
    t.apply("ssl_key=" + c.serverKey);
    t.apply("ssl_ca_cert=" + c.caCert);
    t.apply("ssl_verify_mode=2");
    try (CacheServer server =
        new CacheServer(
            new ServerSettings(0, "127.0.0.1", 8L << 20, 64, 1, 1 << 20, 0, false, 64, true, t))) {
      int port = server.start();
      try (HealthServer health =
          HealthServer.startBeside(
              InetAddress.getLoopbackAddress(), 0, port, server.tls()::probeSockets)) {
        HttpResponse<String> r =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + health.port() + "/readyz"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("CLIENT_ERROR unauthenticated"), r.body());
      }
    }
  }
}
