package io.memkube.cacheserver.command;

/** {@code refresh_certs}: what the network layer's TLS does when asked to re-read its files. */
@FunctionalInterface
public interface CertificateRefresh {
  /** memcached's reply without TLS, word for word. */
  String NOT_ENABLED = "Error TLS not enabled";

  /** Re-reads the certificate, key and CA files; returns the reply line ({@code OK} or why not). */
  String refresh();

  /** A server without {@code -Z}. */
  static CertificateRefresh none() {
    return () -> NOT_ENABLED;
  }
}
