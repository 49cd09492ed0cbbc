package io.memkube.operator.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.api.v1alpha1.TlsSpec;
import io.memkube.operator.dependent.SecretDigests;
import io.memkube.operator.naming.ClusterNames;
import io.memkube.protocol.tls.PemFiles;
import io.memkube.protocol.tls.TlsSetupException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the reconciler learns from the TLS Secret before anything is applied: whether it can be used
 * (a pod mounting a missing Secret never starts; a server given a certificate or key it cannot
 * read, or a key of another certificate, exits 64 and crash-loops), whether it holds a CA, which
 * changes the flags, and whether its certificates are within their dates. The Secret's keys are
 * read with the data plane's own PEM reader ({@link PemFiles}), so the operator refuses exactly
 * what the pods would refuse.
 *
 * @param problems what is wrong with the Secret, naming it; empty when it can be used
 * @param ca whether it holds a {@code ca.crt}
 * @param pending the Secret is cert-manager's to write and not there yet (a step, not a fault)
 * @param dates a usable Secret whose certificates are expired or not yet valid, else empty
 * @param notAfter the earliest end of validity of its certificates (null when none was read): the
 *     moment the check's answer changes by itself
 * @param digest the digest of a usable Secret's content ({@link SecretDigests#of}), else null
 */
record TlsSecretCheck(
    List<String> problems,
    boolean ca,
    boolean pending,
    Optional<DateProblem> dates,
    Instant notAfter,
    String digest) {

  static final TlsSecretCheck NO_TLS =
      new TlsSecretCheck(List.of(), false, false, Optional.empty(), null, null);

  /**
   * Certificates outside their dates. The servers load them all the same (memcached does, and
   * memkube after it, with a warning): clients refuse them, so the cluster runs but is reported.
   *
   * @param expired true when one has expired, false when one is not valid yet
   * @param message naming the Secret, the key and the date
   */
  record DateProblem(boolean expired, String message) {}

  /** Reads the Secret {@code spec.tls} names (or cert-manager writes), when TLS is on. */
  static TlsSecretCheck read(KubernetesClient client, MemcachedCluster mc, Instant now) {
    TlsSpec tls = mc.getSpec().getTls();
    if (tls == null) {
      return NO_TLS;
    }
    String ns = mc.getMetadata().getNamespace();
    String name = ClusterNames.tlsSecret(mc);
    Secret secret = client.secrets().inNamespace(ns).withName(name).get();
    return of(mc, secret, now);
  }

  /**
   * The check of {@code secret} (null: absent) for {@code mc}'s {@code spec.tls} at {@code now}.
   */
  static TlsSecretCheck of(MemcachedCluster mc, Secret secret, Instant now) {
    TlsSpec tls = mc.getSpec().getTls();
    String where =
        "Secret "
            + mc.getMetadata().getNamespace()
            + "/"
            + ClusterNames.tlsSecret(mc)
            + (tls.getSecretName() != null
                ? " (spec.tls.secretName)"
                : " (cert-manager Certificate " + ClusterNames.certificate(mc) + ")");
    if (secret == null) {
      boolean issuer = tls.getSecretName() == null;
      return new TlsSecretCheck(
          List.of(
              where
                  + (issuer
                      ? " does not exist yet: waiting for cert-manager to issue it"
                      : " does not exist")),
          false,
          issuer,
          Optional.empty(),
          null,
          null);
    }
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    List<String> problems = new ArrayList<>();
    List<Dated> dated = new ArrayList<>();

    X509Certificate[] chain = certificates(data, TlsSpec.CERT_KEY, problems);
    Optional<String> keyText = text(data, TlsSpec.KEY_KEY, problems);
    if (chain != null) {
      for (X509Certificate c : chain) {
        dated.add(new Dated(TlsSpec.CERT_KEY, c));
      }
      keyText.ifPresent(
          key -> {
            try {
              PemFiles.privateKey(TlsSpec.KEY_KEY, key, chain[0]);
            } catch (TlsSetupException e) {
              problems.add(
                  "key '"
                      + TlsSpec.KEY_KEY
                      + "' "
                      + ("key values mismatch".equals(e.reason())
                          ? "is not the private key of the certificate in '"
                              + TlsSpec.CERT_KEY
                              + "'"
                          : "cannot be read: " + e.reason()));
            }
          });
    }
    boolean ca = data.containsKey(TlsSpec.CA_KEY) && !data.get(TlsSpec.CA_KEY).isEmpty();
    if (ca) {
      X509Certificate[] cas = certificates(data, TlsSpec.CA_KEY, problems);
      if (cas != null) {
        for (X509Certificate c : cas) {
          dated.add(new Dated(TlsSpec.CA_KEY, c));
        }
      }
    } else {
      if (Boolean.TRUE.equals(tls.getRequireClientCertificates())) {
        problems.add(
            "has no key '"
                + TlsSpec.CA_KEY
                + "', which spec.tls.requireClientCertificates needs to check the proxies'"
                + " certificates");
      }
      if (Boolean.TRUE.equals(tls.getRequireClientCertificatesFromApplications())) {
        problems.add(
            "has no key '"
                + TlsSpec.CA_KEY
                + "', which spec.tls.requireClientCertificatesFromApplications needs to check"
                + " the applications' certificates");
      }
    }
    if (!problems.isEmpty()) {
      return new TlsSecretCheck(
          List.of(where + ": " + String.join(", ", problems)),
          ca,
          false,
          Optional.empty(),
          null,
          null);
    }
    Instant notAfter =
        dated.stream().map(d -> d.cert().getNotAfter().toInstant()).min(Instant::compareTo).get();
    return new TlsSecretCheck(
        List.of(), ca, false, dateProblem(where, dated, now), notAfter, SecretDigests.of(secret));
  }

  private record Dated(String key, X509Certificate cert) {}

  /** The certificates out of their dates at {@code now}, expired ones first, or empty. */
  private static Optional<DateProblem> dateProblem(String where, List<Dated> dated, Instant now) {
    List<String> expired = new ArrayList<>();
    List<String> early = new ArrayList<>();
    for (Dated d : dated) {
      Instant from = d.cert().getNotBefore().toInstant();
      Instant to = d.cert().getNotAfter().toInstant();
      String which =
          "the certificate "
              + d.cert().getSubjectX500Principal().getName()
              + " in key '"
              + d.key()
              + "'";
      if (now.isAfter(to)) {
        expired.add(which + " expired at " + to);
      } else if (now.isBefore(from)) {
        early.add(which + " is not valid before " + from);
      }
    }
    if (expired.isEmpty() && early.isEmpty()) {
      return Optional.empty();
    }
    List<String> all = new ArrayList<>(expired);
    all.addAll(early);
    return Optional.of(
        new DateProblem(
            !expired.isEmpty(),
            where
                + ": "
                + String.join(", ", all)
                + "; the servers and proxies keep serving with it, but clients that check it"
                + " refuse the TLS handshake: replace the certificate"));
  }

  /** The certificates under {@code key}, or null (and a problem) when there are none usable. */
  private static X509Certificate[] certificates(
      Map<String, String> data, String key, List<String> problems) {
    Optional<String> pem = text(data, key, problems);
    if (pem.isEmpty()) {
      return null;
    }
    try {
      return PemFiles.certificates("certificate", key, pem.get());
    } catch (TlsSetupException e) {
      problems.add("key '" + key + "' is not a PEM certificate: " + e.reason());
      return null;
    }
  }

  /** The text under {@code key}, or empty (and a problem) when it is absent or not base64. */
  private static Optional<String> text(
      Map<String, String> data, String key, List<String> problems) {
    String encoded = data.get(key);
    if (encoded == null || encoded.isEmpty()) {
      problems.add("has no key '" + key + "'");
      return Optional.empty();
    }
    try {
      // ISO-8859-1, as the data plane reads the files: every byte maps to one character
      return Optional.of(
          new String(Base64.getDecoder().decode(encoded), StandardCharsets.ISO_8859_1));
    } catch (IllegalArgumentException e) {
      problems.add("key '" + key + "' is not base64");
      return Optional.empty();
    }
  }
}
