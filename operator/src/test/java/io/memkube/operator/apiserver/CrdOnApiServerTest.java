package io.memkube.operator.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.memkube.api.v1alpha1.AuthSpec;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.api.v1alpha1.MemcachedClusterStatus;
import io.memkube.api.v1alpha1.ProxySpec;
import io.memkube.api.v1alpha1.RoutingSpec;
import io.memkube.api.v1alpha1.TlsSpec;
import io.memkube.operator.TestClusters;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generated CRD on a real API server: defaults, validation messages, subresources, columns. */
class CrdOnApiServerTest {

  private static RealApiServer api;
  private static KubernetesClient client;
  private static String ns;

  @BeforeAll
  static void start() {
    api = RealApiServer.get();
    client = api.client();
    ns = api.newNamespace("crd");
  }

  private static MemcachedCluster create(String name, Consumer<MemcachedCluster> change) {
    MemcachedCluster mc = TestClusters.cluster(name, ns);
    mc.getMetadata().setUid(null);
    mc.getMetadata().setGeneration(null);
    change.accept(mc);
    return client.resource(mc).create();
  }

  private static String refusal(String name, Consumer<MemcachedCluster> change) {
    return assertThrows(KubernetesClientException.class, () -> create(name, change)).getMessage();
  }

  @Test
  void schemaDefaultsFillAnEmptySpec() {
    MemcachedCluster mc = create("defaults", m -> {});
    var spec = mc.getSpec();
    assertEquals(3, spec.getReplicas());
    assertEquals("64Mi", spec.getMemory());
    assertEquals("1Mi", spec.getMaxItemSize());
    assertEquals(1024, spec.getMaxConnections());
    assertEquals(4, spec.getThreads());
    assertEquals(true, spec.getProxy().getEnabled());
    assertEquals(5000, spec.getProxy().getPort());
    assertEquals(true, spec.getProxy().getHostPort());
    assertEquals(RoutingSpec.Mode.Sharded, spec.getProxy().getRouting().getMode());
    assertEquals(RoutingSpec.HashFunction.Ch3, spec.getProxy().getRouting().getHashFunction());
    assertEquals(true, spec.getPodDisruptionBudget().getEnabled());
    assertEquals(false, spec.getNetworkPolicy().getEnabled());
    assertEquals(false, spec.getAuth().getEnabled());
    assertEquals(1, spec.getPodDisruptionBudget().getMaxUnavailable());
    assertEquals(false, spec.getMetrics().getEnabled());
  }

  @Test
  void authWithAProxyIsAcceptedWithoutNetworkPolicyAndABadSecretNameIsRefused() {
    // the proxies log in to the servers, which check every login themselves
    MemcachedCluster open =
        create(
            "auth-open",
            m -> {
              m.getSpec().setAuth(new AuthSpec());
              m.getSpec().getAuth().setEnabled(true);
            });
    assertEquals(false, open.getSpec().getNetworkPolicy().getEnabled());
    String secretName =
        refusal(
            "auth-name",
            m -> {
              m.getSpec().setAuth(new AuthSpec());
              m.getSpec().getAuth().setSecretName("Not_A_Name");
            });
    assertTrue(secretName.contains("spec.auth.secretName"), secretName);
  }

  @Test
  void tlsNeedsExactlyOneOfSecretAndIssuerAndGetsItsDefaults() {
    String neither = refusal("tls-none", m -> m.getSpec().setTls(new TlsSpec()));
    assertTrue(
        neither.contains(
            "spec.tls needs exactly one of spec.tls.secretName and spec.tls.issuerRef"),
        neither);
    String both =
        refusal(
            "tls-both",
            m -> {
              TlsSpec tls = new TlsSpec();
              tls.setSecretName("shop-tls");
              tls.setIssuerRef(new TlsSpec.IssuerRef("ca", null));
              m.getSpec().setTls(tls);
            });
    assertTrue(both.contains("exactly one of spec.tls.secretName"), both);
    String samePort =
        refusal(
            "tls-port",
            m -> {
              TlsSpec tls = new TlsSpec();
              tls.setSecretName("shop-tls");
              tls.setProxyPort(5000);
              m.getSpec().setTls(tls);
            });
    assertTrue(samePort.contains("spec.tls.proxyPort must differ from spec.proxy.port"), samePort);
    String badKind =
        refusal(
            "tls-kind",
            m -> {
              m.getSpec().setTls(new TlsSpec());
              m.getSpec()
                  .getTls()
                  .setIssuerRef(new TlsSpec.IssuerRef("ca", TlsSpec.IssuerRef.Kind.Issuer));
              m.getSpec().getTls().getIssuerRef().setName(null);
            });
    assertTrue(badKind.contains("spec.tls.issuerRef.name"), badKind);
    MemcachedCluster issued =
        create(
            "tls-issuer",
            m -> {
              m.getSpec().setTls(new TlsSpec());
              m.getSpec().getTls().setIssuerRef(new TlsSpec.IssuerRef("ca", null));
            });
    assertEquals(TlsSpec.IssuerRef.Kind.Issuer, issued.getSpec().getTls().getIssuerRef().getKind());
    assertEquals(5001, issued.getSpec().getTls().getProxyPort());
    assertEquals(false, issued.getSpec().getTls().getClientPlaintext());
    assertEquals(false, issued.getSpec().getTls().getRequireClientCertificates());
  }

  @Test
  void maxItemSizeAboveHalfTheMemoryIsRefusedNamingTheField() {
    String message =
        refusal(
            "big-items",
            m -> {
              m.getSpec().setMemory("64Mi");
              m.getSpec().setMaxItemSize("64Mi");
            });
    assertTrue(message.contains("spec.maxItemSize must be at most half of spec.memory"), message);
  }

  @Test
  void memoryOutOfBoundsOrMalformedIsRefusedNamingTheField() {
    String small = refusal("small", m -> m.getSpec().setMemory("8Mi"));
    assertTrue(small.contains("spec.memory must be between 16Mi and 512Gi"), small);
    String malformed = refusal("malformed", m -> m.getSpec().setMemory("64MB"));
    assertTrue(malformed.contains("spec.memory"), malformed);
  }

  @Test
  void negativeReplicasAndBadPortsAreRefusedNamingTheField() {
    String replicas = refusal("negative", m -> m.getSpec().setReplicas(-1));
    assertTrue(replicas.contains("spec.replicas"), replicas);
    String port =
        refusal(
            "port",
            m -> {
              m.getSpec().setProxy(new ProxySpec());
              m.getSpec().getProxy().setPort(70000);
            });
    assertTrue(port.contains("spec.proxy.port"), port);
  }

  @Test
  void reservedPodLabelsAndUnevenReplicaGroupsAreRefused() {
    String labels =
        refusal("labels", m -> m.getSpec().setPodLabels(Map.of("app.kubernetes.io/instance", "x")));
    assertTrue(labels.contains("spec.podLabels must not set app.kubernetes.io/name"), labels);
    String groups =
        refusal(
            "groups",
            m -> {
              m.getSpec().setReplicas(3);
              m.getSpec().setProxy(new ProxySpec());
              m.getSpec().getProxy().setRouting(new RoutingSpec());
              m.getSpec().getProxy().getRouting().setMode(RoutingSpec.Mode.Replicated);
            });
    assertTrue(
        groups.contains("spec.replicas must be a multiple of spec.proxy.routing.replicaGroups"),
        groups);
  }

  @Test
  void scaleSubresourceChangesSpecReplicasAndReportsTheSelector() {
    create("scaled", m -> {});
    var status = new MemcachedClusterStatus();
    status.setReplicas(3);
    status.setSelector("app.kubernetes.io/instance=scaled");
    MemcachedCluster withStatus =
        client.resources(MemcachedCluster.class).inNamespace(ns).withName("scaled").get();
    withStatus.setStatus(status);
    client.resource(withStatus).updateStatus();

    var scale =
        client.resources(MemcachedCluster.class).inNamespace(ns).withName("scaled").scale(5);
    assertEquals(5, scale.getSpec().getReplicas());
    assertEquals(
        5,
        client
            .resources(MemcachedCluster.class)
            .inNamespace(ns)
            .withName("scaled")
            .get()
            .getSpec()
            .getReplicas());
    var read = client.resources(MemcachedCluster.class).inNamespace(ns).withName("scaled").scale();
    assertEquals("app.kubernetes.io/instance=scaled", read.getStatus().getSelector());
    assertEquals(3, read.getStatus().getReplicas());
  }

  @Test
  void kubectlShowsThePrinterColumnsInTheirDocumentedOrderAndTheShortName() throws Exception {
    create("columns", m -> m.getSpec().setMemory("128Mi"));
    String table = api.kubectl("get", "mcc", "columns", "-n", ns);
    String header = table.lines().findFirst().orElse("");
    assertEquals(
        List.of("NAME", "REPLICAS", "READY", "MEMORY", "PROXY", "STATUS", "AGE"),
        List.of(header.trim().split("\\s+")),
        table);
    assertTrue(table.contains("128Mi"), table);
  }
}
