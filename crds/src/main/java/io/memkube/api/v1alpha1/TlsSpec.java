package io.memkube.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * TLS for the cluster's data: clients to proxies, proxies to cache servers (or clients to servers
 * without a proxy). Absent: plaintext, as memcached. The certificate comes from a {@code
 * kubernetes.io/tls} Secret, the user's own or one cert-manager issues.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.secretName) != has(self.issuerRef)",
    message = "spec.tls needs exactly one of spec.tls.secretName and spec.tls.issuerRef",
    reason = "FieldValueInvalid")
public class TlsSpec {

  /** The Secret's keys, as cert-manager and {@code kubectl create secret tls} write them. */
  public static final String CERT_KEY = "tls.crt";

  public static final String KEY_KEY = "tls.key";
  public static final String CA_KEY = "ca.crt";

  @JsonPropertyDescription(
      "A kubernetes.io/tls Secret in the cluster's namespace: tls.crt (chain, leaf first), tls.key,"
          + " optionally ca.crt. The certificate must name *.NAME.NAMESPACE.svc.cluster.local"
          + " (the proxies verify the cache servers by the names they connect to) and, for"
          + " clients of the proxies, NAME-proxy.NAMESPACE.svc. Without ca.crt the proxies trust"
          + " exactly tls.crt. Exactly one of secretName and issuerRef.")
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  private String secretName;

  @JsonPropertyDescription(
      "A cert-manager Issuer or ClusterIssuer: the operator creates the Certificate NAME-tls"
          + " (Secret NAME-tls) with the names the cluster needs. Needs cert-manager's CRDs."
          + " Exactly one of secretName and issuerRef.")
  private IssuerRef issuerRef;

  @JsonPropertyDescription(
      "The proxies' TLS port for clients (--ssl-port), a hostPort like spec.proxy.port when"
          + " spec.proxy.hostPort is true.")
  @Default("5001")
  @Min(1)
  @Max(65535)
  private Integer proxyPort;

  @JsonPropertyDescription(
      "Keep the proxies' plaintext port spec.proxy.port open to clients (hostPort, Service,"
          + " NetworkPolicy) beside the TLS port, while clients move over. Off by default: the"
          + " plaintext port then only answers inside the proxy pod (its probes).")
  @Default("false")
  private Boolean clientPlaintext;

  @JsonPropertyDescription(
      "The cache servers accept only clients presenting a certificate signed by ca.crt"
          + " (ssl_verify_mode=2); the proxies present tls.crt. Needs ca.crt, and a certificate"
          + " usable for client auth (usages with 'client auth', or no extended key usage).")
  @Default("false")
  private Boolean requireClientCertificates;

  @JsonPropertyDescription(
      "The proxies' TLS port (proxyPort) accepts only applications presenting a certificate"
          + " signed by ca.crt (mcrouter's --server-pem-ca-path with --ssl-require-peer-certs):"
          + " mutual TLS between the applications and the proxies. Needs ca.crt and the proxy."
          + " The plaintext port, when clientPlaintext keeps it open, asks for none. Without a"
          + " proxy, requireClientCertificates is what checks the applications' certificates.")
  @Default("false")
  private Boolean requireClientCertificatesFromApplications;

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }

  public IssuerRef getIssuerRef() {
    return issuerRef;
  }

  public void setIssuerRef(IssuerRef issuerRef) {
    this.issuerRef = issuerRef;
  }

  public Integer getProxyPort() {
    return proxyPort;
  }

  public void setProxyPort(Integer proxyPort) {
    this.proxyPort = proxyPort;
  }

  public Boolean getClientPlaintext() {
    return clientPlaintext;
  }

  public void setClientPlaintext(Boolean clientPlaintext) {
    this.clientPlaintext = clientPlaintext;
  }

  public Boolean getRequireClientCertificates() {
    return requireClientCertificates;
  }

  public void setRequireClientCertificates(Boolean requireClientCertificates) {
    this.requireClientCertificates = requireClientCertificates;
  }

  public Boolean getRequireClientCertificatesFromApplications() {
    return requireClientCertificatesFromApplications;
  }

  public void setRequireClientCertificatesFromApplications(
      Boolean requireClientCertificatesFromApplications) {
    this.requireClientCertificatesFromApplications = requireClientCertificatesFromApplications;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TlsSpec t
        && Objects.equals(secretName, t.secretName)
        && Objects.equals(issuerRef, t.issuerRef)
        && Objects.equals(proxyPort, t.proxyPort)
        && Objects.equals(clientPlaintext, t.clientPlaintext)
        && Objects.equals(requireClientCertificates, t.requireClientCertificates)
        && Objects.equals(
            requireClientCertificatesFromApplications, t.requireClientCertificatesFromApplications);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        secretName,
        issuerRef,
        proxyPort,
        clientPlaintext,
        requireClientCertificates,
        requireClientCertificatesFromApplications);
  }

  /** cert-manager's reference to the issuer of the cluster's certificate. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class IssuerRef {

    /** The kinds cert-manager's own issuers have. */
    public enum Kind {
      Issuer,
      ClusterIssuer
    }

    @JsonPropertyDescription("The Issuer's (in the cluster's namespace) or ClusterIssuer's name.")
    @io.fabric8.generator.annotation.Required
    @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    private String name;

    @JsonPropertyDescription("Issuer (the default) or ClusterIssuer.")
    @Default("Issuer")
    private Kind kind;

    public IssuerRef() {}

    public IssuerRef(String name, Kind kind) {
      this.name = name;
      this.kind = kind;
    }

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public Kind getKind() {
      return kind;
    }

    public void setKind(Kind kind) {
      this.kind = kind;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof IssuerRef r && Objects.equals(name, r.name) && kind == r.kind;
    }

    @Override
    public int hashCode() {
      return Objects.hash(name, kind);
    }
  }
}
