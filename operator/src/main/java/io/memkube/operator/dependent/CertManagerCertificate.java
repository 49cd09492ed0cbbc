package io.memkube.operator.dependent;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.api.v1alpha1.TlsSpec;
import io.memkube.operator.naming.ClusterLabels;
import io.memkube.operator.naming.ClusterNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * cert-manager's Certificate {@code NAME-tls} for {@code spec.tls.issuerRef}: its Secret {@code
 * NAME-tls} carries the names the cluster is reached by. Applied by the reconciler before the
 * Secret is checked, not by the workflow: the workflow runs only once the Secret exists, and the
 * Secret exists only once the Certificate does. Owned by the cluster, so deleting the cluster
 * deletes it (the Secret cert-manager wrote stays, as cert-manager leaves it by default).
 */
public final class CertManagerCertificate {

  /** cert-manager's CRD of Certificates: without it, issuerRef cannot be served. */
  public static final String CRD = "certificates.cert-manager.io";

  static final String GROUP = "cert-manager.io";

  private static final ResourceDefinitionContext CERTIFICATES =
      new ResourceDefinitionContext.Builder()
          .withGroup(GROUP)
          .withVersion("v1")
          .withKind("Certificate")
          .withPlural("certificates")
          .withNamespaced(true)
          .build();

  /**
   * Key usages: server for every listener, client because the proxies present the same certificate
   * to servers that ask for one ({@code requireClientCertificates}).
   */
  static final List<String> USAGES =
      List.of("server auth", "client auth", "digital signature", "key encipherment");

  private CertManagerCertificate() {}

  /**
   * Creates or corrects the Certificate when {@code spec.tls.issuerRef} is set.
   *
   * @return why it cannot be served (cert-manager is not installed), or empty
   */
  public static Optional<String> ensure(
      KubernetesClient client, MemcachedCluster mc, String clusterDomain) {
    TlsSpec tls = mc.getSpec().getTls();
    if (tls == null || tls.getIssuerRef() == null) {
      return Optional.empty();
    }
    GenericKubernetesResource desired = desired(mc, clusterDomain);
    var certificates = client.genericKubernetesResources(CERTIFICATES);
    GenericKubernetesResource current =
        certificates
            .inNamespace(mc.getMetadata().getNamespace())
            .withName(desired.getMetadata().getName())
            .get();
    if (current == null
        && client.resources(CustomResourceDefinition.class).withName(CRD).get() == null) {
      return Optional.of(
          "spec.tls.issuerRef needs cert-manager, whose CRD "
              + CRD
              + " is not installed: install cert-manager or name a kubernetes.io/tls Secret in"
              + " spec.tls.secretName");
    }
    if (current == null
        || !desired
            .getAdditionalProperties()
            .get("spec")
            .equals(current.getAdditionalProperties().get("spec"))) {
      certificates.resource(desired).forceConflicts().serverSideApply();
    }
    return Optional.empty();
  }

  /** The Certificate for the cluster, a pure function of its spec. */
  public static GenericKubernetesResource desired(MemcachedCluster mc, String clusterDomain) {
    TlsSpec.IssuerRef issuer = mc.getSpec().getTls().getIssuerRef();
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("secretName", ClusterNames.tlsSecret(mc));
    spec.put("dnsNames", dnsNames(mc, clusterDomain));
    spec.put("usages", USAGES);
    spec.put(
        "issuerRef",
        Map.of(
            "name",
            issuer.getName(),
            "kind",
            (issuer.getKind() == null ? TlsSpec.IssuerRef.Kind.Issuer : issuer.getKind()).name(),
            "group",
            GROUP));
    GenericKubernetesResource certificate = new GenericKubernetesResource();
    certificate.setApiVersion(GROUP + "/v1");
    certificate.setKind("Certificate");
    certificate.setMetadata(
        OwnedMetadata.of(mc, ClusterNames.certificate(mc), ClusterLabels.CACHE));
    certificate.setAdditionalProperty("spec", spec);
    return certificate;
  }

  /**
   * Every cache server by the name the proxies connect to (one wildcard covers NAME-0..N-1), the
   * headless Service, and the proxies' Service, for clients that verify the proxy by that name.
   */
  static List<String> dnsNames(MemcachedCluster mc, String clusterDomain) {
    String ns = mc.getMetadata().getNamespace();
    String servers = ClusterNames.servers(mc) + "." + ns + ".svc";
    String proxy = ClusterNames.proxy(mc) + "." + ns + ".svc";
    return List.of(
        "*." + servers + "." + clusterDomain,
        "*." + servers,
        servers + "." + clusterDomain,
        servers,
        proxy + "." + clusterDomain,
        proxy);
  }
}
