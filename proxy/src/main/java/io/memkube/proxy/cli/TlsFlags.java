package io.memkube.proxy.cli;

import io.memkube.proxy.tls.ProxyTls;
import picocli.CommandLine.Option;

/** mcrouter's TLS flags, toward clients and toward servers ({@link ProxyTls}). */
final class TlsFlags {
  @Option(
      names = "--ssl-port",
      paramLabel = "PORT",
      description = "Also listen on this port (at every --listen-addresses) for TLS clients.")
  Integer sslPort;

  @Option(
      names = "--server-pem-cert-path",
      paramLabel = "FILE",
      description = "The certificate (chain, PEM) the --ssl-port presents to clients.")
  String serverCert;

  @Option(
      names = "--server-pem-key-path",
      paramLabel = "FILE",
      description = "Its private key (PEM: PKCS#8 or PKCS#1).")
  String serverKey;

  @Option(
      names = "--server-pem-ca-path",
      paramLabel = "FILE",
      description = "The CA client certificates must chain to (asked for when given).")
  String serverCa;

  @Option(
      names = "--ssl-require-peer-certs",
      description = "Refuse TLS clients without a certificate from --server-pem-ca-path.")
  boolean requirePeerCerts;

  @Option(
      names = "--pem-cert-path",
      paramLabel = "FILE",
      description = "The client certificate presented to use_ssl servers.")
  String pemCert;

  @Option(names = "--pem-key-path", paramLabel = "FILE", description = "Its private key.")
  String pemKey;

  @Option(
      names = "--pem-ca-path",
      paramLabel = "FILE",
      description =
          "The CA use_ssl servers' certificates must chain to (the system's CAs without it).")
  String pemCa;

  /**
   * The TLS the flags ask for.
   *
   * @throws IllegalArgumentException for flags that do not go together
   * @throws io.memkube.protocol.tls.TlsSetupException for a file that cannot be used
   */
  ProxyTls proxyTls() {
    if (sslPort == null) {
      if (serverCert != null || serverKey != null || serverCa != null || requirePeerCerts) {
        throw new IllegalArgumentException(
            "--server-pem-* and --ssl-require-peer-certs need --ssl-port");
      }
    } else {
      if (sslPort < 0 || sslPort > 65535) {
        throw new IllegalArgumentException("--ssl-port must be between 0 and 65535");
      }
      if (serverCert == null) {
        throw new IllegalArgumentException("--ssl-port needs --server-pem-cert-path");
      }
      if (requirePeerCerts && serverCa == null) {
        throw new IllegalArgumentException("--ssl-require-peer-certs needs --server-pem-ca-path");
      }
    }
    if (sslPort == null && pemCert == null && pemKey == null && pemCa == null) {
      return ProxyTls.none();
    }
    return ProxyTls.fromFiles(
        sslPort == null ? -1 : sslPort,
        serverCert,
        serverKey,
        serverCa,
        requirePeerCerts,
        pemCert,
        pemKey,
        pemCa);
  }
}
