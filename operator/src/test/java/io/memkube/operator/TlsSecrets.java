package io.memkube.operator;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.memkube.protocol.tls.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * TLS Secrets holding real certificates, made once per test JVM with openssl (the data plane's
 * {@link TestCertificates}): the operator parses the Secret as the pods would, so a placeholder PEM
 * no longer passes. Also an expired and a not-yet-valid server certificate, signed by the same CA.
 */
public final class TlsSecrets {
  private static TestCertificates certificates;
  private static Path expired;
  private static Path notYetValid;

  private TlsSecrets() {}

  /** The throw-away CA, server (PKCS#1 key), client (PKCS#8 key) and rogue certificates. */
  public static synchronized TestCertificates certificates() {
    if (certificates == null) {
      try {
        Path dir = Files.createTempDirectory("memkube-operator-tls");
        certificates = TestCertificates.create(dir);
        expired = dir.resolve("expired.crt");
        certificates.signExpired("expired", certificates.serverKey, expired);
        notYetValid = dir.resolve("future.crt");
        certificates.signNotYetValid("future", certificates.serverKey, notYetValid);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return certificates;
  }

  /** A server certificate for the server key that expired yesterday. */
  public static Path expiredCertificate() {
    certificates();
    return expired;
  }

  /** A server certificate for the server key that is valid from tomorrow on. */
  public static Path notYetValidCertificate() {
    certificates();
    return notYetValid;
  }

  /** A valid kubernetes.io/tls Secret: the server certificate and key, and the CA. */
  public static Secret valid(String ns, String name) {
    TestCertificates c = certificates();
    return secret(ns, name, "tls.crt", c.serverCert, "tls.key", c.serverKey, "ca.crt", c.caCert);
  }

  /** A Secret of the files given as key, path pairs. */
  public static Secret secret(String ns, String name, Object... keysAndFiles) {
    Map<String, String> data = new LinkedHashMap<>();
    for (int i = 0; i < keysAndFiles.length; i += 2) {
      try {
        data.put(
            (String) keysAndFiles[i],
            Base64.getEncoder().encodeToString(Files.readAllBytes((Path) keysAndFiles[i + 1])));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .endMetadata()
        .withType("kubernetes.io/tls")
        .withData(data)
        .build();
  }
}
