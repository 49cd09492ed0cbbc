package io.memkube.proxy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.protocol.tls.TlsSetupException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** mcrouter's TLS flags: what goes together, and files that cannot be used. */
class TlsFlagsTest {
  private static TlsFlags parse(String... args) {
    ProxyMain main = new ProxyMain();
    new CommandLine(main).parseArgs(args);
    return main.tlsFlags;
  }

  @Test
  void noTlsFlagsNoTlsListener() {
    assertEquals(-1, parse().proxyTls().sslPort());
  }

  @Test
  void anSslPortNeedsACertificateAndPeerCertificatesNeedACa() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> parse("--ssl-port", "5001").proxyTls())
            .getMessage()
            .contains("--server-pem-cert-path"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    parse(
                            "--ssl-port",
                            "5001",
                            "--server-pem-cert-path",
                            "c.pem",
                            "--ssl-require-peer-certs")
                        .proxyTls())
            .getMessage()
            .contains("--server-pem-ca-path"));
    assertThrows(
        IllegalArgumentException.class,
        () -> parse("--server-pem-cert-path", "c.pem").proxyTls(),
        "server certificates without --ssl-port");
  }

  @Test
  void aMissingFileIsSaidAsMemcachedSaysIt() {
    TlsSetupException e =
        assertThrows(
            TlsSetupException.class,
            () ->
                parse("--ssl-port", "5001", "--server-pem-cert-path", "/nonexistent.pem")
                    .proxyTls());
    assertEquals(
        "Error loading the certificate chain: /nonexistent.pem : No such file or directory",
        e.getMessage());
  }
}
