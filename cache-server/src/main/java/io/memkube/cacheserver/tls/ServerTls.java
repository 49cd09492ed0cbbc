package io.memkube.cacheserver.tls;

import io.memkube.protocol.tls.PemFiles;
import io.memkube.protocol.tls.TlsFailures;
import io.memkube.protocol.tls.TlsSetupException;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The server side of memcached's TLS ({@code -Z}): the certificate chain and key, the CA that
 * client certificates must chain to, the verification mode and the lowest protocol version, as
 * memcached's {@code ssl_*} options give them. {@link #refresh()} ({@code refresh_certs}) reads the
 * files again; connections made after it get the new certificate, open ones keep theirs.
 *
 * <p>The JDK's TLS provider, not OpenSSL (netty-tcnative): no native library to ship and keep
 * patched per platform, and TLS 1.2/1.3 with AES-GCM is hardware-accelerated by the JIT.
 */
public final class ServerTls {
  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(ServerTls.class.getName());

  private final TlsOptions options;
  private volatile SslContext context;
  private volatile SSLSocketFactory probeSockets;
  private volatile long refreshedAtMillis;

  /**
   * Reads the files.
   *
   * @throws TlsSetupException with memcached's message when one cannot be used
   */
  public ServerTls(TlsOptions options) {
    this.options = options;
    this.context = build(options);
    this.probeSockets = probe(options);
    this.refreshedAtMillis = System.currentTimeMillis();
  }

  /**
   * {@code refresh_certs}: reads the certificate, key and CA files again.
   *
   * @throws TlsSetupException when one cannot be used (the certificate in force stays)
   */
  public void refresh() {
    SslContext next = build(options);
    probeSockets = probe(options);
    context = next;
    refreshedAtMillis = System.currentTimeMillis();
  }

  /**
   * Sockets for the health probe's round trip to this server: it trusts exactly the server's own
   * certificate (the probe talks to itself on loopback) and presents it as its client certificate,
   * so it passes {@code ssl_verify_mode=2} when the CA signed the server's certificate too.
   */
  public SSLSocketFactory probeSockets() {
    return probeSockets;
  }

  private static SSLSocketFactory probe(TlsOptions o) {
    X509Certificate[] chain = PemFiles.certificates("certificate chain", o.chainCert());
    PrivateKey key = PemFiles.privateKey(o.key() == null ? o.chainCert() : o.key(), chain[0]);
    try {
      char[] none = new char[0];
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("server", key, none, chain);
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, none);
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry("server", chain[0]);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trusted);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return ssl.getSocketFactory();
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new TlsSetupException("key", o.key(), String.valueOf(e.getMessage()));
    }
  }

  /** Seconds since the certificates were last read ({@code time_since_server_cert_refresh}). */
  public long secondsSinceRefresh() {
    return (System.currentTimeMillis() - refreshedAtMillis) / 1000;
  }

  /** A handler for one new connection, with the certificate in force now. */
  public SslHandler newHandler(ByteBufAllocator alloc) {
    return context.newHandler(alloc);
  }

  private static SslContext build(TlsOptions o) {
    X509Certificate[] chain = PemFiles.certificates("certificate chain", o.chainCert());
    String dates = TlsFailures.validityWarning(o.chainCert(), chain[0]);
    if (dates != null) {
      LOG.warning(dates);
    }
    // memcached's ssl_key is optional: the key may sit in the chain file
    PrivateKey key = PemFiles.privateKey(o.key() == null ? o.chainCert() : o.key(), chain[0]);
    SslContextBuilder b =
        SslContextBuilder.forServer(key, chain)
            .sslProvider(SslProvider.JDK)
            .protocols(protocols(o.minVersion()))
            .clientAuth(clientAuth(o.verifyMode()));
    if (o.caCert() != null) {
      b.trustManager(PemFiles.certificates("CA certificate", o.caCert()));
    }
    try {
      return b.build();
    } catch (SSLException e) {
      throw new TlsSetupException(
          "certificate chain", o.chainCert(), String.valueOf(e.getMessage()));
    }
  }

  /**
   * OpenSSL's verification modes: 1 asks for a certificate and refuses a bad one but not a missing
   * one, 2 also refuses a missing one, 3 is 1 without renegotiation's second ask (the JDK never
   * asks twice).
   */
  static ClientAuth clientAuth(int verifyMode) {
    return switch (verifyMode) {
      case TlsOptions.VERIFY_REQUIRE -> ClientAuth.REQUIRE;
      case TlsOptions.VERIFY_REQUEST, TlsOptions.VERIFY_ONCE -> ClientAuth.OPTIONAL;
      default -> ClientAuth.NONE;
    };
  }

  /**
   * {@code ssl_min_version} 0..3 and every version above it. The JDK disables TLS 1.0 and 1.1 by
   * default ({@code jdk.tls.disabledAlgorithms}), so below 2 only the JDK's security settings can
   * open them.
   */
  static String[] protocols(int minVersion) {
    List<String> all = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    return all.subList(minVersion, all.size()).toArray(String[]::new);
  }
}
