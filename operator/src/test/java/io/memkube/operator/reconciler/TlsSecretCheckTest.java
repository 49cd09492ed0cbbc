package io.memkube.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.api.v1alpha1.TlsSpec;
import io.memkube.operator.TestClusters;
import io.memkube.operator.TlsSecrets;
import io.memkube.protocol.tls.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the reconciler reads from the TLS Secret, with certificates openssl made for this run:
 * usable or not (naming it and what is wrong, as the pods' PEM reader finds it), with a CA or not,
 * and within its dates or not.
 */
class TlsSecretCheckTest {

  private static final TestCertificates CERTS = TlsSecrets.certificates();
  private static final Instant NOW = Instant.now();
  private static final String WHERE = "Secret ns/shop-tls (spec.tls.secretName)";

  private static MemcachedCluster cluster(boolean requireClientCertificates) {
    MemcachedCluster mc = TestClusters.cluster("c", "ns");
    TlsSpec tls = new TlsSpec();
    tls.setSecretName("shop-tls");
    tls.setRequireClientCertificates(requireClientCertificates);
    mc.getSpec().setTls(tls);
    return mc;
  }

  private static TlsSecretCheck check(boolean requireClientCertificates, Object... keysAndFiles) {
    return TlsSecretCheck.of(
        cluster(requireClientCertificates), TlsSecrets.secret("ns", "shop-tls", keysAndFiles), NOW);
  }

  /** A Secret of literal texts, for content no tool would write. */
  private static Secret literal(String... keysAndValues) {
    Map<String, String> data = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      data.put(
          keysAndValues[i],
          Base64.getEncoder()
              .encodeToString(keysAndValues[i + 1].getBytes(StandardCharsets.US_ASCII)));
    }
    return new SecretBuilder().withType("kubernetes.io/tls").withData(data).build();
  }

  private static String text(Path file) throws Exception {
    return Files.readString(file, StandardCharsets.US_ASCII);
  }

  @Test
  void aCertificateWithItsPkcs1KeyAndACaIsUsableAndItsEarliestExpiryIsKnown() {
    TlsSecretCheck check =
        check(
            true, "tls.crt", CERTS.serverCert, "tls.key", CERTS.serverKey, "ca.crt", CERTS.caCert);
    assertTrue(check.problems().isEmpty(), check.problems().toString());
    assertTrue(check.ca());
    assertTrue(check.dates().isEmpty(), check.dates().toString());
    // the server's and the CA's certificates are both made for 2 days: the earlier end
    assertTrue(check.notAfter().isAfter(NOW), check.notAfter().toString());
    assertTrue(check.notAfter().isBefore(NOW.plusSeconds(3 * 86400)), check.notAfter().toString());
  }

  @Test
  void aPkcs8KeyIsUsableToo() {
    TlsSecretCheck check = check(false, "tls.crt", CERTS.clientCert, "tls.key", CERTS.clientKey);
    assertTrue(check.problems().isEmpty(), check.problems().toString());
    assertFalse(check.ca());
  }

  @Test
  void aKeyOfAnotherCertificateIsRefusedNamingBothKeys() {
    assertEquals(
        WHERE + ": key 'tls.key' is not the private key of the certificate in 'tls.crt'",
        check(false, "tls.crt", CERTS.serverCert, "tls.key", CERTS.rogueKey).problems().get(0));
  }

  @Test
  void pemMarkersAroundGarbageAreNotACertificate() throws Exception {
    String fake = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    String problem =
        TlsSecretCheck.of(
                cluster(false),
                literal("tls.crt", fake, "tls.key", text(CERTS.serverKey), "ca.crt", fake),
                NOW)
            .problems()
            .get(0);
    assertTrue(
        problem.startsWith(WHERE + ": key 'tls.crt' is not a PEM certificate: bad certificate"),
        problem);
    assertTrue(problem.contains(", key 'ca.crt' is not a PEM certificate: "), problem);
  }

  @Test
  void aKeyThePodsCannotReadIsRefusedWithTheReason() throws Exception {
    String encrypted =
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIE\n-----END ENCRYPTED PRIVATE KEY-----\n";
    assertEquals(
        WHERE
            + ": key 'tls.key' cannot be read: the key is encrypted: give it without a"
            + " passphrase",
        TlsSecretCheck.of(
                cluster(false),
                literal("tls.crt", text(CERTS.serverCert), "tls.key", encrypted),
                NOW)
            .problems()
            .get(0));
    assertEquals(
        WHERE + ": key 'tls.key' cannot be read: no start line",
        TlsSecretCheck.of(
                cluster(false), literal("tls.crt", text(CERTS.serverCert), "tls.key", "x"), NOW)
            .problems()
            .get(0));
  }

  @Test
  void withoutCaTheSecretIsUsableUnlessClientCertificatesAreRequired() {
    assertFalse(check(false, "tls.crt", CERTS.serverCert, "tls.key", CERTS.serverKey).ca());
    assertEquals(
        WHERE
            + ": has no key 'ca.crt', which spec.tls.requireClientCertificates needs to check the"
            + " proxies' certificates",
        check(true, "tls.crt", CERTS.serverCert, "tls.key", CERTS.serverKey).problems().get(0));
  }

  @Test
  void applicationsCertificatesNeedTheCaToo() {
    MemcachedCluster mc = cluster(false);
    mc.getSpec().getTls().setRequireClientCertificatesFromApplications(true);
    assertEquals(
        WHERE
            + ": has no key 'ca.crt', which spec.tls.requireClientCertificatesFromApplications"
            + " needs to check the applications' certificates",
        TlsSecretCheck.of(
                mc,
                TlsSecrets.secret(
                    "ns", "shop-tls", "tls.crt", CERTS.serverCert, "tls.key", CERTS.serverKey),
                NOW)
            .problems()
            .get(0));
  }

  @Test
  void aMissingOrMalformedSecretIsNamedWithWhatIsWrong() {
    assertEquals(
        WHERE + " does not exist", TlsSecretCheck.of(cluster(false), null, NOW).problems().get(0));
    assertEquals(
        WHERE + ": key 'tls.crt' is not a PEM certificate: no start line, has no key 'tls.key'",
        TlsSecretCheck.of(cluster(false), literal("tls.crt", "not pem"), NOW).problems().get(0));
  }

  @Test
  void anExpiredCertificateIsUsableButReportedWithItsDate() throws Exception {
    TlsSecretCheck check =
        check(
            false,
            "tls.crt",
            TlsSecrets.expiredCertificate(),
            "tls.key",
            CERTS.serverKey,
            "ca.crt",
            CERTS.caCert);
    assertTrue(check.problems().isEmpty(), "the pods load it: " + check.problems());
    assertTrue(check.dates().orElseThrow().expired());
    Instant end =
        TestCertificates.certificate(TlsSecrets.expiredCertificate()).getNotAfter().toInstant();
    assertEquals(
        WHERE
            + ": the certificate CN=expired in key 'tls.crt' expired at "
            + end
            + "; the servers and proxies keep serving with it, but clients that check it refuse"
            + " the TLS handshake: replace the certificate",
        check.dates().get().message());
  }

  @Test
  void aCertificateNotValidYetIsReportedWithTheDateItStarts() throws Exception {
    TlsSecretCheck check =
        check(false, "tls.crt", TlsSecrets.notYetValidCertificate(), "tls.key", CERTS.serverKey);
    assertTrue(check.problems().isEmpty(), check.problems().toString());
    assertFalse(check.dates().orElseThrow().expired());
    Instant start =
        TestCertificates.certificate(TlsSecrets.notYetValidCertificate())
            .getNotBefore()
            .toInstant();
    assertTrue(
        check
            .dates()
            .get()
            .message()
            .startsWith(
                WHERE
                    + ": the certificate CN=future in key 'tls.crt' is not valid before "
                    + start),
        check.dates().get().message());
  }

  @Test
  void aValidCertificateExpiresLaterAndIsReportedThen() {
    TlsSecretCheck now = check(false, "tls.crt", CERTS.serverCert, "tls.key", CERTS.serverKey);
    TlsSecretCheck later =
        TlsSecretCheck.of(
            cluster(false),
            TlsSecrets.secret(
                "ns", "shop-tls", "tls.crt", CERTS.serverCert, "tls.key", CERTS.serverKey),
            now.notAfter().plusSeconds(1));
    assertTrue(now.dates().isEmpty());
    assertTrue(later.dates().orElseThrow().expired(), later.toString());
  }

  @Test
  void aCertManagerSecretNotYetIssuedIsAwaited() {
    MemcachedCluster mc = TestClusters.cluster("c", "ns");
    TlsSpec tls = new TlsSpec();
    tls.setIssuerRef(new TlsSpec.IssuerRef("ca", TlsSpec.IssuerRef.Kind.Issuer));
    mc.getSpec().setTls(tls);
    TlsSecretCheck check = TlsSecretCheck.of(mc, null, NOW);
    assertEquals(
        "Secret ns/c-tls (cert-manager Certificate c-tls) does not exist yet: waiting for"
            + " cert-manager to issue it",
        check.problems().get(0));
    assertTrue(check.pending(), "a step (Progressing), not a fault");
    assertFalse(TlsSecretCheck.of(cluster(false), null, NOW).pending(), "the user's own Secret");
  }
}
