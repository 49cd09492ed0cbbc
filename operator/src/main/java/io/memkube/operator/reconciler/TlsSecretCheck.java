package io.memkube.operator.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.api.v1alpha1.TlsSpec;
import io.memkube.operator.naming.ClusterNames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * What the reconciler learns from the TLS Secret before anything is applied: whether it can be used
 * (a pod mounting a missing Secret never starts; a server given a file that is not PEM exits), and
 * whether it holds a CA, which changes the flags. The files themselves are the data plane's to
 * parse; this only catches what would certainly fail.
 *
 * @param problems what is wrong with the Secret, naming it; empty when it can be used
 * @param ca whether it holds a {@code ca.crt}
 * @param pending the Secret is cert-manager's to write and not there yet (a step, not a fault)
 */
record TlsSecretCheck(List<String> problems, boolean ca, boolean pending) {

  static final TlsSecretCheck NO_TLS = new TlsSecretCheck(List.of(), false, false);

  TlsSecretCheck(List<String> problems, boolean ca) {
    this(problems, ca, false);
  }

  /** Reads the Secret {@code spec.tls} names (or cert-manager writes), when TLS is on. */
  static TlsSecretCheck read(KubernetesClient client, MemcachedCluster mc) {
    TlsSpec tls = mc.getSpec().getTls();
    if (tls == null) {
      return NO_TLS;
    }
    String ns = mc.getMetadata().getNamespace();
    String name = ClusterNames.tlsSecret(mc);
    Secret secret = client.secrets().inNamespace(ns).withName(name).get();
    return of(mc, secret);
  }

  /** The check of {@code secret} (null: absent) for {@code mc}'s {@code spec.tls}. */
  static TlsSecretCheck of(MemcachedCluster mc, Secret secret) {
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
          issuer);
    }
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    List<String> problems = new ArrayList<>();
    pemProblem(data, TlsSpec.CERT_KEY, "CERTIFICATE-----").ifPresent(problems::add);
    pemProblem(data, TlsSpec.KEY_KEY, "PRIVATE KEY-----").ifPresent(problems::add);
    boolean ca = data.containsKey(TlsSpec.CA_KEY) && !data.get(TlsSpec.CA_KEY).isEmpty();
    if (ca) {
      pemProblem(data, TlsSpec.CA_KEY, "CERTIFICATE-----").ifPresent(problems::add);
    } else if (Boolean.TRUE.equals(tls.getRequireClientCertificates())) {
      problems.add(
          "has no key '"
              + TlsSpec.CA_KEY
              + "', which spec.tls.requireClientCertificates needs to check the proxies'"
              + " certificates");
    }
    if (problems.isEmpty()) {
      return new TlsSecretCheck(List.of(), ca);
    }
    return new TlsSecretCheck(List.of(where + ": " + String.join(", ", problems)), ca);
  }

  /** Why the PEM under {@code key} cannot be what it should, if it cannot. */
  private static java.util.Optional<String> pemProblem(
      Map<String, String> data, String key, String marker) {
    String encoded = data.get(key);
    if (encoded == null || encoded.isEmpty()) {
      return java.util.Optional.of("has no key '" + key + "'");
    }
    String pem;
    try {
      pem = new String(Base64.getDecoder().decode(encoded), StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException e) {
      return java.util.Optional.of("key '" + key + "' is not base64");
    }
    if (!pem.contains("-----BEGIN ") || !pem.contains(marker)) {
      return java.util.Optional.of("key '" + key + "' is not a PEM " + marker.replace("-", ""));
    }
    return java.util.Optional.empty();
  }
}
