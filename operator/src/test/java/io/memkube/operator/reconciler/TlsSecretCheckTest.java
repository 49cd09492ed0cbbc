package io.memkube.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.api.v1alpha1.TlsSpec;
import io.memkube.operator.TestClusters;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the reconciler reads from the TLS Secret: usable or not (naming it), with a CA or not. */
class TlsSecretCheckTest {

  private static final String CERT =
      "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  private static final String KEY =
      "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";

  private static MemcachedCluster cluster(boolean requireClientCertificates) {
    MemcachedCluster mc = TestClusters.cluster("c", "ns");
    TlsSpec tls = new TlsSpec();
    tls.setSecretName("shop-tls");
    tls.setRequireClientCertificates(requireClientCertificates);
    mc.getSpec().setTls(tls);
    return mc;
  }

  private static Secret secret(String... keysAndValues) {
    Map<String, String> data = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      data.put(
          keysAndValues[i],
          Base64.getEncoder()
              .encodeToString(keysAndValues[i + 1].getBytes(StandardCharsets.US_ASCII)));
    }
    return new SecretBuilder().withType("kubernetes.io/tls").withData(data).build();
  }

  @Test
  void aCertificateAndKeyWithACaAreUsableWithTheCa() {
    TlsSecretCheck check =
        TlsSecretCheck.of(cluster(true), secret("tls.crt", CERT, "tls.key", KEY, "ca.crt", CERT));
    assertTrue(check.problems().isEmpty(), check.problems().toString());
    assertTrue(check.ca());
  }

  @Test
  void withoutCaTheSecretIsUsableUnlessClientCertificatesAreRequired() {
    assertFalse(TlsSecretCheck.of(cluster(false), secret("tls.crt", CERT, "tls.key", KEY)).ca());
    assertEquals(
        "Secret ns/shop-tls (spec.tls.secretName): has no key 'ca.crt', which"
            + " spec.tls.requireClientCertificates needs to check the proxies' certificates",
        TlsSecretCheck.of(cluster(true), secret("tls.crt", CERT, "tls.key", KEY))
            .problems()
            .get(0));
  }

  @Test
  void aMissingOrMalformedSecretIsNamedWithWhatIsWrong() {
    assertEquals(
        "Secret ns/shop-tls (spec.tls.secretName) does not exist",
        TlsSecretCheck.of(cluster(false), null).problems().get(0));
    assertEquals(
        "Secret ns/shop-tls (spec.tls.secretName): key 'tls.crt' is not a PEM CERTIFICATE,"
            + " has no key 'tls.key'",
        TlsSecretCheck.of(cluster(false), secret("tls.crt", "not pem")).problems().get(0));
  }

  @Test
  void aCertManagerSecretNotYetIssuedIsAwaited() {
    MemcachedCluster mc = TestClusters.cluster("c", "ns");
    TlsSpec tls = new TlsSpec();
    tls.setIssuerRef(new TlsSpec.IssuerRef("ca", TlsSpec.IssuerRef.Kind.Issuer));
    mc.getSpec().setTls(tls);
    TlsSecretCheck check = TlsSecretCheck.of(mc, null);
    assertEquals(
        "Secret ns/c-tls (cert-manager Certificate c-tls) does not exist yet: waiting for"
            + " cert-manager to issue it",
        check.problems().get(0));
    assertTrue(check.pending(), "a step (Progressing), not a fault");
    assertFalse(TlsSecretCheck.of(cluster(false), null).pending(), "the user's own Secret");
  }
}
