package io.memkube.protocol.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates made for one test run with the {@code openssl} command line (a throw-away CA, a
 * server certificate for 127.0.0.1 with an RSA key in PKCS#1 form, a client certificate, a
 * self-signed client the CA never saw), in a temporary directory: no key is ever committed.
 */
public final class TestCertificates {
  public final Path dir;
  public final Path caCert;
  public final Path serverCert;
  public final Path serverKey;
  public final Path clientCert;
  public final Path clientKey;
  public final Path rogueCert;
  public final Path rogueKey;

  private TestCertificates(Path dir) {
    this.dir = dir;
    caCert = dir.resolve("ca.crt");
    serverCert = dir.resolve("server.crt");
    serverKey = dir.resolve("server.key");
    clientCert = dir.resolve("client.crt");
    clientKey = dir.resolve("client.key");
    rogueCert = dir.resolve("rogue.crt");
    rogueKey = dir.resolve("rogue.key");
  }

  /** Makes them in {@code dir}; fails with a message naming openssl when it is missing. */
  public static TestCertificates create(Path dir) throws IOException, InterruptedException {
    TestCertificates c = new TestCertificates(dir);
    Path ca = dir.resolve("ca.key");
    openssl(
        dir,
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        ca.toString(),
        "-out",
        c.caCert.toString(),
        "-days",
        "2",
        "-subj",
        "/CN=memkube-test-ca");
    // PKCS#1 ("BEGIN RSA PRIVATE KEY"), as cert-manager writes it: the form the JDK cannot read
    openssl(dir, "genrsa", "-traditional", "-out", c.serverKey.toString(), "2048");
    c.sign("server", c.serverKey, c.serverCert, "subjectAltName=IP:127.0.0.1,DNS:localhost");
    openssl(
        dir,
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        "rsa_keygen_bits:2048",
        "-out",
        c.clientKey.toString());
    c.sign("client", c.clientKey, c.clientCert, "extendedKeyUsage=clientAuth");
    openssl(
        dir,
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        c.rogueKey.toString(),
        "-out",
        c.rogueCert.toString(),
        "-days",
        "2",
        "-subj",
        "/CN=rogue");
    return c;
  }

  /** A certificate for {@code key} signed by the CA, with one extension line. */
  public void sign(String name, Path key, Path cert, String extension)
      throws IOException, InterruptedException {
    Path csr = dir.resolve(name + ".csr");
    Path ext = Files.writeString(dir.resolve(name + ".ext"), extension + "\n");
    openssl(
        dir, "req", "-new", "-key", key.toString(), "-out", csr.toString(), "-subj", "/CN=" + name);
    openssl(
        dir,
        "x509",
        "-req",
        "-in",
        csr.toString(),
        "-CA",
        caCert.toString(),
        "-CAkey",
        dir.resolve("ca.key").toString(),
        "-CAcreateserial",
        "-out",
        cert.toString(),
        "-days",
        "2",
        "-extfile",
        ext.toString());
  }

  /**
   * A certificate for {@code key} signed by the CA for 127.0.0.1 and localhost that expired
   * yesterday. OpenSSL 3.0's command line signs no certificate in the past; the JDK's keytool does
   * ({@code -startdate}), from the CA put in a PKCS#12 store.
   */
  public void signExpired(String name, Path key, Path cert)
      throws IOException, InterruptedException {
    signDated(name, key, cert, "-3d");
  }

  /** As {@link #signExpired}, but valid from tomorrow on (a clock or an issuer ahead). */
  public void signNotYetValid(String name, Path key, Path cert)
      throws IOException, InterruptedException {
    signDated(name, key, cert, "+1d");
  }

  /** Signed by the CA for 2 days from {@code startDate} (keytool's {@code -startdate}). */
  private void signDated(String name, Path key, Path cert, String startDate)
      throws IOException, InterruptedException {
    Path csr = dir.resolve(name + ".csr");
    openssl(
        dir, "req", "-new", "-key", key.toString(), "-out", csr.toString(), "-subj", "/CN=" + name);
    Path store = dir.resolve("ca.p12");
    if (!Files.exists(store)) {
      openssl(
          dir,
          "pkcs12",
          "-export",
          "-inkey",
          dir.resolve("ca.key").toString(),
          "-in",
          caCert.toString(),
          "-name",
          "ca",
          "-out",
          store.toString(),
          "-passout",
          "pass:changeit");
    }
    run(
        dir,
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-gencert",
        "-alias",
        "ca",
        "-keystore",
        store.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit",
        "-infile",
        csr.toString(),
        "-outfile",
        cert.toString(),
        "-rfc",
        "-startdate",
        startDate,
        "-validity",
        "2",
        "-ext",
        "san=ip:127.0.0.1,dns:localhost");
  }

  /** A client context trusting the CA, presenting {@code cert}/{@code key} (both null: none). */
  public SSLContext client(Path cert, Path key, String protocol) throws Exception {
    KeyManagerFactory kmf = null;
    if (cert != null) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("c", pkcs8Key(key), new char[0], new X509Certificate[] {certificate(cert)});
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, new char[0]);
    }
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", certificate(caCert));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance(protocol);
    ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }

  public static X509Certificate certificate(Path pem) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem)));
  }

  private static PrivateKey pkcs8Key(Path pem) throws Exception {
    String text = Files.readString(pem, StandardCharsets.US_ASCII);
    String body =
        text.replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    return KeyFactory.getInstance("RSA")
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
  }

  private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    run(dir, cmd.toArray(String[]::new));
  }

  private static void run(Path dir, String... cmd) throws IOException, InterruptedException {
    String[] args = java.util.Arrays.copyOfRange(cmd, 1, cmd.length);
    Process p;
    try {
      p =
          new ProcessBuilder(cmd)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("openssl.log").toFile())
              .start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "the TLS tests make their certificates with openssl: apt-get install -y openssl", e);
    }
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(
          cmd[0]
              + " "
              + String.join(" ", args)
              + " failed: "
              + Files.readString(dir.resolve("openssl.log")));
    }
  }
}
