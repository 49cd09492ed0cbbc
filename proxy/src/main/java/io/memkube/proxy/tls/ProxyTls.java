package io.memkube.proxy.tls;

import io.memkube.protocol.tls.PemFiles;
import io.memkube.protocol.tls.TlsFailures;
import io.memkube.protocol.tls.TlsSetupException;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The proxy's TLS, from mcrouter's flags: toward clients on {@code --ssl-port} with {@code
 * --server-pem-cert-path}, {@code --server-pem-key-path}, {@code --server-pem-ca-path} and {@code
 * --ssl-require-peer-certs}; toward servers of pools with {@code use_ssl} (or a {@code :ssl}
 * server) with {@code --pem-cert-path}, {@code --pem-key-path} (a client certificate, for servers
 * that verify clients) and {@code --pem-ca-path} (the CA servers' certificates must chain to; the
 * system's CAs without it). A server's certificate must also name the host the pool gives for it
 * (its DNS name or IP address): a certificate for another server is refused.
 */
public final class ProxyTls {
  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(ProxyTls.class.getName());

  private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private final int sslPort;
  private final Files files;
  private volatile SslContext clientFacing;
  private volatile SslContextBuilder upstream;
  private volatile SSLSocketFactory upstreamProbes;

  /** The flags' files, kept to read them again. */
  private record Files(
      String serverCert,
      String serverKey,
      String serverCa,
      boolean requirePeerCerts,
      String pemCert,
      String pemKey,
      String pemCa) {}

  private ProxyTls(int sslPort, Files files) {
    this.sslPort = sslPort;
    this.files = files;
  }

  /**
   * No TLS listener and no PEM files: {@code use_ssl} servers are still spoken to over TLS,
   * trusting the system's CAs (built on first use).
   */
  public static ProxyTls none() {
    return new ProxyTls(-1, null);
  }

  /**
   * Reads the PEM files the flags name.
   *
   * @param sslPort {@code --ssl-port}, or -1
   * @throws TlsSetupException when a file cannot be used
   */
  public static ProxyTls fromFiles(
      int sslPort,
      String serverCert,
      String serverKey,
      String serverCa,
      boolean requirePeerCerts,
      String pemCert,
      String pemKey,
      String pemCa) {
    ProxyTls t =
        new ProxyTls(
            sslPort,
            new Files(serverCert, serverKey, serverCa, requirePeerCerts, pemCert, pemKey, pemCa));
    t.reloadClientFacing();
    t.reloadUpstream();
    return t;
  }

  /**
   * Reads the {@code --server-pem-*} files again: connections accepted after it get the new
   * certificate (and CA), open ones keep theirs.
   *
   * @throws TlsSetupException when a file cannot be used (the certificate in force stays)
   */
  public void reloadClientFacing() {
    if (sslPort < 0) {
      return;
    }
    Files f = files;
    X509Certificate[] chain = PemFiles.certificates("certificate chain", f.serverCert());
    warnAboutDates(f.serverCert(), chain[0]);
    PrivateKey key =
        PemFiles.privateKey(f.serverKey() == null ? f.serverCert() : f.serverKey(), chain[0]);
    SslContextBuilder b =
        SslContextBuilder.forServer(key, chain)
            .sslProvider(SslProvider.JDK)
            .protocols(PROTOCOLS)
            .clientAuth(
                f.requirePeerCerts()
                    ? ClientAuth.REQUIRE
                    : f.serverCa() != null ? ClientAuth.OPTIONAL : ClientAuth.NONE);
    if (f.serverCa() != null) {
      b.trustManager(PemFiles.certificates("CA certificate", f.serverCa()));
    }
    clientFacing = build(b, f.serverCert());
  }

  /**
   * Reads the {@code --pem-*} files again: connections to servers opened after it (and probes)
   * present the new client certificate and trust the new CA; open ones keep theirs.
   *
   * @throws TlsSetupException when a file cannot be used (the files in force stay)
   */
  public void reloadUpstream() {
    Files f = files;
    X509Certificate[] clientChain = null;
    PrivateKey clientKey = null;
    if (f.pemCert() != null) {
      clientChain = PemFiles.certificates("certificate chain", f.pemCert());
      warnAboutDates(f.pemCert(), clientChain[0]);
      clientKey =
          PemFiles.privateKey(f.pemKey() == null ? f.pemCert() : f.pemKey(), clientChain[0]);
    }
    X509Certificate[] cas =
        f.pemCa() == null ? null : PemFiles.certificates("CA certificate", f.pemCa());
    SslContextBuilder c =
        SslContextBuilder.forClient().sslProvider(SslProvider.JDK).protocols(PROTOCOLS);
    if (clientChain != null) {
      c.keyManager(clientKey, clientChain);
    }
    if (cas != null) {
      c.trustManager(cas);
    }
    build(c, f.pemCert()); // refuses unusable files before they are put in force
    SSLSocketFactory probes = probes(clientChain, clientKey, cas, f.pemCert());
    synchronized (this) {
      upstream = c;
      upstreamProbes = probes;
    }
  }

  /** The client-facing files ({@code --server-pem-*}) to watch, none without {@code --ssl-port}. */
  public java.util.List<String> clientFacingFiles() {
    if (sslPort < 0) {
      return java.util.List.of();
    }
    return java.util.Arrays.asList(files.serverCert(), files.serverKey(), files.serverCa());
  }

  /** The files toward servers ({@code --pem-*}) to watch. */
  public java.util.List<String> upstreamFiles() {
    if (files == null) {
      return java.util.List.of();
    }
    return java.util.Arrays.asList(files.pemCert(), files.pemKey(), files.pemCa());
  }

  private static void warnAboutDates(String file, X509Certificate leaf) {
    String dates = TlsFailures.validityWarning(file, leaf);
    if (dates != null) {
      LOG.warning(dates);
    }
  }

  private static SslContext build(SslContextBuilder b, String file) {
    try {
      return b.build();
    } catch (SSLException e) {
      throw new TlsSetupException("certificate chain", file, String.valueOf(e.getMessage()));
    }
  }

  /** The same trust and client certificate for the health prober's blocking sockets. */
  private static SSLSocketFactory probes(
      X509Certificate[] chain, PrivateKey key, X509Certificate[] cas, String file) {
    try {
      KeyManagerFactory kmf = null;
      if (chain != null) {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", key, new char[0], chain);
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (cas == null) {
        tmf.init((KeyStore) null);
      } else {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < cas.length; i++) {
          trust.setCertificateEntry("ca" + i, cas[i]);
        }
        tmf.init(trust);
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return ctx.getSocketFactory();
    } catch (GeneralSecurityException | IOException e) {
      throw new TlsSetupException("certificate chain", file, String.valueOf(e.getMessage()));
    }
  }

  /** {@code --ssl-port}, or -1 when clients get no TLS listener. */
  public int sslPort() {
    return sslPort;
  }

  /** A handler for a client connection on the TLS port. */
  public SslHandler clientFacingHandler(ByteBufAllocator alloc) {
    return clientFacing.newHandler(alloc);
  }

  /**
   * A handler for a connection to {@code host}: the server's certificate must chain to the CA and
   * name {@code host}.
   */
  public SslHandler upstreamHandler(ByteBufAllocator alloc, String host, int port) {
    // A context of its own for every connection, so that none resumes an earlier TLS session:
    // memcached 1.6.18 with ssl_verify_mode set answers a resumption with an internal_error alert
    // (it sets no session id context). The proxy's connections are few and long-lived.
    SslHandler h = build(upstream(), null).newHandler(alloc, host, port);
    SSLEngine engine = h.engine();
    SSLParameters p = engine.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS");
    engine.setSSLParameters(p);
    return h;
  }

  /** Sockets for probing {@code use_ssl} servers that are down. */
  public SSLSocketFactory upstreamProbes() {
    if (upstreamProbes == null) {
      systemDefaults();
    }
    return upstreamProbes;
  }

  private SslContextBuilder upstream() {
    if (upstream == null) {
      systemDefaults();
    }
    return upstream;
  }

  private synchronized void systemDefaults() {
    if (upstream == null) {
      ProxyTls d = fromFiles(-1, null, null, null, false, null, null, null);
      upstreamProbes = d.upstreamProbes;
      upstream = d.upstream;
    }
  }

  /** Whether {@code upstreamFiles} name any file (otherwise there is nothing to reload). */
  public boolean hasUpstreamFiles() {
    return upstreamFiles().stream().anyMatch(java.util.Objects::nonNull);
  }
}
