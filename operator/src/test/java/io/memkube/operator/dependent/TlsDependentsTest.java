package io.memkube.operator.dependent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.api.v1alpha1.MetricsSpec;
import io.memkube.api.v1alpha1.NetworkPolicySpec;
import io.memkube.api.v1alpha1.ProxySpec;
import io.memkube.api.v1alpha1.TlsSpec;
import io.memkube.operator.TestClusters;
import io.memkube.operator.proxy.ProxyConfigRenderer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** spec.tls: the mounted Secret, the servers' -Z, the proxies' TLS flags and ports. */
class TlsDependentsTest {

  private static MemcachedCluster cluster(TlsSpec tls) {
    MemcachedCluster mc = TestClusters.cluster("c", "ns");
    mc.getSpec().setTls(tls);
    return mc;
  }

  private static TlsSpec secret(String name) {
    TlsSpec tls = new TlsSpec();
    tls.setSecretName(name);
    return tls;
  }

  private static ClusterPlan plan(MemcachedCluster mc, boolean ca) {
    ClusterPlan stable = TestClusters.stablePlan(mc);
    return new ClusterPlan(stable.cluster(), stable.settings(), stable.ring(), null, ca);
  }

  private static PodSpec servers(ClusterPlan plan) {
    return CacheStatefulSetDependent.desired(plan).getSpec().getTemplate().getSpec();
  }

  private static PodSpec proxies(ClusterPlan plan) {
    return ProxyDaemonSetDependent.desired(plan).getSpec().getTemplate().getSpec();
  }

  @Test
  void serversSpeakTlsWithTheSecretMountedAsADirectoryAndWatchIt() {
    PodSpec pod = servers(plan(cluster(secret("shop-tls")), false));
    Container server = pod.getContainers().get(0);
    List<String> args = server.getArgs();
    int z = args.indexOf("-Z");
    assertTrue(z >= 0, args.toString());
    assertEquals("-o", args.get(z + 1));
    assertEquals(
        "ssl_chain_cert=/etc/memkube/tls/tls.crt,ssl_key=/etc/memkube/tls/tls.key",
        args.get(z + 2));
    assertTrue(args.contains("--watch-files-interval=5"), args.toString());
    var mount =
        server.getVolumeMounts().stream().filter(m -> m.getName().equals("tls")).findFirst();
    assertEquals("/etc/memkube/tls", mount.orElseThrow().getMountPath());
    assertNull(mount.get().getSubPath(), "a subPath never sees a rotated Secret");
    var volume = pod.getVolumes().stream().filter(v -> v.getName().equals("tls")).findFirst();
    assertEquals("shop-tls", volume.orElseThrow().getSecret().getSecretName());
    assertTrue(volume.get().getSecret().getItems().isEmpty(), "every key, ca.crt among them");
  }

  @Test
  void requiredClientCertificatesNeedTheCaAndAreCheckedAgainstIt() {
    TlsSpec tls = secret("shop-tls");
    tls.setRequireClientCertificates(true);
    List<String> args = servers(plan(cluster(tls), true)).getContainers().get(0).getArgs();
    assertTrue(
        args.contains(
            "ssl_chain_cert=/etc/memkube/tls/tls.crt,ssl_key=/etc/memkube/tls/tls.key"
                + ",ssl_ca_cert=/etc/memkube/tls/ca.crt,ssl_verify_mode=2"),
        args.toString());
  }

  @Test
  void anotherServerImageGetsMemcachedsFlagsAndItsExporterAPlaintextLoopbackListener() {
    MemcachedCluster mc = cluster(secret("shop-tls"));
    mc.getSpec().setImage("memcached:1.6.18");
    mc.getSpec().setMetrics(new MetricsSpec());
    mc.getSpec().getMetrics().setEnabled(true);
    PodSpec pod = servers(plan(mc, false));
    List<String> args = pod.getContainers().get(0).getArgs();
    assertEquals("0.0.0.0,notls:127.0.0.1:11311", args.get(args.indexOf("-l") + 1));
    assertTrue(args.contains("-Z"));
    assertFalse(args.stream().anyMatch(a -> a.startsWith("--watch")), "memcached has no watch");
    assertEquals(
        List.of("--memcached.address=127.0.0.1:11311"), pod.getContainers().get(1).getArgs());
  }

  @Test
  void proxiesOfferTlsOnASecondHostPortAndSpeakItToServersTrustingTheCa() {
    ClusterPlan plan = plan(cluster(secret("shop-tls")), true);
    Container proxy = proxies(plan).getContainers().get(0);
    List<String> args = proxy.getArgs();
    assertTrue(
        args.containsAll(
            List.of(
                "--ssl-port=5001",
                "--server-pem-cert-path=/etc/memkube/tls/tls.crt",
                "--server-pem-key-path=/etc/memkube/tls/tls.key",
                "--pem-ca-path=/etc/memkube/tls/ca.crt",
                "--pem-cert-path=/etc/memkube/tls/tls.crt",
                "--pem-key-path=/etc/memkube/tls/tls.key",
                "--watch-files-interval=5")),
        args.toString());
    // the probes' round trip still uses the plaintext port inside the pod
    assertTrue(args.containsAll(List.of("-p", "5000")), args.toString());
    List<ContainerPort> ports = proxy.getPorts();
    assertEquals(
        List.of("memcache-tls", "health"), ports.stream().map(ContainerPort::getName).toList());
    assertEquals(5001, ports.get(0).getHostPort());
    assertTrue(
        ProxyConfigRenderer.render(plan.cluster(), 3, "cluster.local").contains("\"use_ssl\""));
  }

  @Test
  void withoutACaTheProxiesTrustExactlyTheServersCertificate() {
    List<String> args =
        proxies(plan(cluster(secret("shop-tls")), false)).getContainers().get(0).getArgs();
    assertTrue(args.contains("--pem-ca-path=/etc/memkube/tls/tls.crt"), args.toString());
  }

  @Test
  void clientPlaintextKeepsThePlaintextPortOpenBesideTheTlsPort() {
    TlsSpec tls = secret("shop-tls");
    tls.setClientPlaintext(true);
    MemcachedCluster mc = cluster(tls);
    ClusterPlan plan = plan(mc, true);
    List<ContainerPort> ports = proxies(plan).getContainers().get(0).getPorts();
    assertEquals(
        List.of("memcache", "memcache-tls", "health"),
        ports.stream().map(ContainerPort::getName).toList());
    assertEquals(
        List.of(5000, 5001),
        ProxyServiceDependent.desired(plan).getSpec().getPorts().stream()
            .map(ServicePort::getPort)
            .toList());
  }

  @Test
  void theProxyServiceAndNetworkPolicyOpenOnlyTheTlsPortByDefault() {
    MemcachedCluster mc = cluster(secret("shop-tls"));
    mc.getSpec().setNetworkPolicy(new NetworkPolicySpec());
    mc.getSpec().getNetworkPolicy().setEnabled(true);
    ClusterPlan plan = plan(mc, true);
    assertEquals(
        List.of(5001),
        ProxyServiceDependent.desired(plan).getSpec().getPorts().stream()
            .map(ServicePort::getPort)
            .toList());
    List<Integer> open =
        ProxyNetworkPolicyDependent.desired(plan).getSpec().getIngress().stream()
            .flatMap(r -> r.getPorts().stream())
            .map(NetworkPolicyPort::getPort)
            .map(p -> p.getIntVal())
            .toList();
    assertEquals(List.of(5001, 11212), open);
  }

  @Test
  void tlsOffChangesNothing() {
    ClusterPlan plan = plan(TestClusters.cluster("c", "ns"), false);
    assertFalse(servers(plan).getContainers().get(0).getArgs().contains("-Z"));
    assertTrue(proxies(plan).getVolumes().stream().noneMatch(v -> v.getName().equals("tls")));
    assertFalse(ProxyConfigRenderer.render(plan.cluster(), 3, "cluster.local").contains("use_ssl"));
  }

  @Test
  void mcrouterGetsItsOwnTlsFlagsAndNoMemkubeFlags() {
    MemcachedCluster mc = cluster(secret("shop-tls"));
    mc.getSpec().setProxy(new ProxySpec());
    mc.getSpec().getProxy().setImage("mcrouter:2023");
    List<String> args = proxies(plan(mc, true)).getContainers().get(0).getArgs();
    assertTrue(args.contains("--ssl-port=5001"), args.toString());
    assertFalse(args.stream().anyMatch(a -> a.startsWith("--watch")), args.toString());
  }

  private static ClusterPlan plan(MemcachedCluster mc, SecretDigests digests) {
    ClusterPlan stable = TestClusters.stablePlan(mc);
    return new ClusterPlan(stable.cluster(), stable.settings(), stable.ring(), null, true, digests);
  }

  private static Map<String, String> serverAnnotations(ClusterPlan plan) {
    return CacheStatefulSetDependent.desired(plan)
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations();
  }

  private static Map<String, String> proxyAnnotations(ClusterPlan plan) {
    return ProxyDaemonSetDependent.desired(plan)
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations();
  }

  @Test
  void memcachedAndMcrouterPodsCarryTheSecretsDigestsSoARotatedSecretRollsThem() {
    MemcachedCluster mc = cluster(secret("shop-tls"));
    mc.getSpec().setImage("memcached:1.6.18");
    mc.getSpec().setProxy(new ProxySpec());
    mc.getSpec().getProxy().setImage("mcrouter:2023");
    mc.getSpec().setPodAnnotations(Map.of("team", "shop"));
    mc.getSpec().setAuth(new io.memkube.api.v1alpha1.AuthSpec());
    mc.getSpec().getAuth().setEnabled(true);
    ClusterPlan before = plan(mc, new SecretDigests("t1", "a1"));
    assertEquals(
        Map.of(
            "team",
            "shop",
            SecretDigests.TLS_ANNOTATION,
            "t1",
            SecretDigests.AUTH_ANNOTATION,
            "a1"),
        serverAnnotations(before));
    // mcrouter reads no -Y file (auth is refused with it): the TLS Secret only
    assertEquals(
        Map.of("team", "shop", SecretDigests.TLS_ANNOTATION, "t1"), proxyAnnotations(before));
    // a new certificate changes both templates (the controllers roll them), a new password the
    // servers' only
    ClusterPlan rotated = plan(mc, new SecretDigests("t2", "a1"));
    assertEquals("t2", serverAnnotations(rotated).get(SecretDigests.TLS_ANNOTATION));
    assertEquals("t2", proxyAnnotations(rotated).get(SecretDigests.TLS_ANNOTATION));
    ClusterPlan newUsers = plan(mc, new SecretDigests("t1", "a2"));
    assertEquals("a2", serverAnnotations(newUsers).get(SecretDigests.AUTH_ANNOTATION));
    assertEquals(proxyAnnotations(before), proxyAnnotations(newUsers));
  }

  @Test
  void memkubesPodsNeverCarryTheDigestsTheyReloadTheFilesThemselves() {
    MemcachedCluster mc = cluster(secret("shop-tls"));
    mc.getSpec().setAuth(new io.memkube.api.v1alpha1.AuthSpec());
    mc.getSpec().getAuth().setEnabled(true);
    ClusterPlan before = plan(mc, new SecretDigests("t1", "a1"));
    ClusterPlan rotated = plan(mc, new SecretDigests("t2", "a2"));
    assertEquals(
        CacheStatefulSetDependent.desired(before).getSpec().getTemplate(),
        CacheStatefulSetDependent.desired(rotated).getSpec().getTemplate(),
        "a roll would empty every cache server");
    assertEquals(
        ProxyDaemonSetDependent.desired(before).getSpec().getTemplate(),
        ProxyDaemonSetDependent.desired(rotated).getSpec().getTemplate());
    assertNull(serverAnnotations(before));
  }

  @Test
  void aSecretsDigestFollowsItsContentNotTheOrderOfItsKeys() {
    var a =
        new io.fabric8.kubernetes.api.model.SecretBuilder()
            .withData(new java.util.LinkedHashMap<>(Map.of("tls.crt", "Y3J0", "tls.key", "a2V5")))
            .build();
    var reordered = new java.util.LinkedHashMap<String, String>();
    reordered.put("tls.key", "a2V5");
    reordered.put("tls.crt", "Y3J0");
    var b = new io.fabric8.kubernetes.api.model.SecretBuilder().withData(reordered).build();
    var changed =
        new io.fabric8.kubernetes.api.model.SecretBuilder()
            .withData(Map.of("tls.crt", "Y3J1", "tls.key", "a2V5"))
            .build();
    assertEquals(SecretDigests.of(a), SecretDigests.of(b));
    assertFalse(SecretDigests.of(a).equals(SecretDigests.of(changed)));
    assertNull(SecretDigests.of(null));
  }

  @Test
  void applicationsCertificatesAreRequiredOnTheProxiesTlsPortOnlyWhenAskedAndWithACa() {
    TlsSpec tls = secret("shop-tls");
    tls.setRequireClientCertificatesFromApplications(true);
    List<String> args = proxies(plan(cluster(tls), true)).getContainers().get(0).getArgs();
    assertTrue(args.contains("--server-pem-ca-path=/etc/memkube/tls/ca.crt"), args.toString());
    assertTrue(args.contains("--ssl-require-peer-certs"), args.toString());
    // the servers' own flags do not change with it
    assertEquals(
        servers(plan(cluster(secret("shop-tls")), true)).getContainers().get(0).getArgs(),
        servers(plan(cluster(tls), true)).getContainers().get(0).getArgs());
    for (List<String> without :
        List.of(
            proxies(plan(cluster(secret("shop-tls")), true)).getContainers().get(0).getArgs(),
            proxies(plan(cluster(tls), false)).getContainers().get(0).getArgs())) {
      assertFalse(without.contains("--ssl-require-peer-certs"), without.toString());
      assertFalse(
          without.stream().anyMatch(a -> a.startsWith("--server-pem-ca-path")), without.toString());
    }
  }

  @Test
  void theCertificateNamesEveryServerTheServicesAndItsIssuer() {
    TlsSpec tls = new TlsSpec();
    tls.setIssuerRef(new TlsSpec.IssuerRef("ca-issuer", TlsSpec.IssuerRef.Kind.ClusterIssuer));
    MemcachedCluster mc = TestClusters.stablePlan(cluster(tls)).cluster();
    var certificate = CertManagerCertificate.desired(mc, "cluster.local");
    assertEquals("c-tls", certificate.getMetadata().getName());
    assertEquals("c", certificate.getMetadata().getOwnerReferences().get(0).getName());
    @SuppressWarnings("unchecked")
    Map<String, Object> spec =
        (Map<String, Object>) certificate.getAdditionalProperties().get("spec");
    assertEquals("c-tls", spec.get("secretName"));
    assertEquals(
        List.of(
            "*.c.ns.svc.cluster.local",
            "*.c.ns.svc",
            "c.ns.svc.cluster.local",
            "c.ns.svc",
            "c-proxy.ns.svc.cluster.local",
            "c-proxy.ns.svc"),
        spec.get("dnsNames"));
    assertEquals(
        Map.of("name", "ca-issuer", "kind", "ClusterIssuer", "group", "cert-manager.io"),
        spec.get("issuerRef"));
    assertTrue(((List<?>) spec.get("usages")).contains("client auth"));
    // the Secret cert-manager writes is the one mounted
    assertEquals(
        "c-tls",
        servers(plan(cluster(tls), true)).getVolumes().stream()
            .filter(v -> v.getName().equals("tls"))
            .findFirst()
            .orElseThrow()
            .getSecret()
            .getSecretName());
  }
}
