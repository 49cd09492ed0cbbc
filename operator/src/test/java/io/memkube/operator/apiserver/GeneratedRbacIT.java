package io.memkube.operator.apiserver;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.api.v1alpha1.MetricsSpec;
import io.memkube.api.v1alpha1.TlsSpec;
import io.memkube.operator.TestClusters;
import io.memkube.operator.config.LeaderElection;
import io.memkube.operator.monitoring.PodMonitor;
import io.memkube.operator.monitoring.ServiceMonitor;
import io.memkube.operator.reconciler.MemcachedClusterReconciler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The RBAC that the build generates (target/kubernetes/kubernetes.yml) is enough to run the
 * operator: the operator runs here as its ServiceAccount, with a token of that account, against a
 * real API server with RBAC authorization, and does its whole job (leader election included: it
 * must renew its Lease, not only create it).
 */
class GeneratedRbacIT {

  private static final String OPERATOR_NS = "memkube-system";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Set<String> RBAC_KINDS =
      Set.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");

  @Test
  void operatorDoesItsJobWithTheGeneratedRbacOnly() throws Exception {
    RealApiServer api = RealApiServer.get();
    KubernetesClient admin = api.client();
    api.installServiceMonitorCrd();
    api.installPodMonitorCrd();
    api.installCertificateCrd();
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(OPERATOR_NS).endMetadata().build())
        .serverSideApply();

    Path manifests = Path.of(System.getProperty("memkube.manifests"));
    assertTrue(Files.isRegularFile(manifests), "run after package: " + manifests + " is missing");
    List<HasMetadata> rbac;
    try (InputStream in = Files.newInputStream(manifests)) {
      rbac = admin.load(in).items().stream().filter(o -> RBAC_KINDS.contains(o.getKind())).toList();
    }
    assertEquals(RBAC_KINDS.size(), rbac.stream().map(HasMetadata::getKind).distinct().count());
    for (HasMetadata object : rbac) {
      admin.resource(object).inNamespace(OPERATOR_NS).serverSideApply();
    }

    String token =
        admin
            .serviceAccounts()
            .inNamespace(OPERATOR_NS)
            .withName("memkube-operator")
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(3600L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    Config adminConfig = admin.getConfiguration();
    Config asOperator =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(adminConfig.getMasterUrl())
            .withCaCertData(adminConfig.getCaCertData())
            .withCaCertFile(adminConfig.getCaCertFile())
            .withTrustCerts(adminConfig.isTrustCerts())
            .withOauthToken(token)
            .withNamespace(OPERATOR_NS)
            .build();

    String ns = api.newNamespace("rbac");
    try (KubernetesClient operatorClient =
        new KubernetesClientBuilder().withConfig(asOperator).build()) {
      Operator operator =
          new Operator(
              o ->
                  o.withKubernetesClient(operatorClient)
                      .withCloseClientOnStop(false)
                      .withLeaderElectionConfiguration(
                          LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                                  LeaderElection.LEASE_NAME)
                              .withLeaseNamespace(OPERATOR_NS)
                              .build()));
      operator.register(
          new MemcachedClusterReconciler(
              TestClusters.SETTINGS, new SimpleMeterRegistry(), Clock.systemUTC()));
      operator.start();
      try {
        MemcachedCluster mc = TestClusters.cluster("rbac", ns);
        mc.getMetadata().setUid(null);
        mc.getMetadata().setGeneration(null);
        mc.getSpec().setMetrics(new MetricsSpec());
        mc.getSpec().getMetrics().setEnabled(true);
        admin.resource(mc).create();

        await()
            .atMost(TIMEOUT)
            .until(
                () ->
                    get(admin, Service.class, ns, "rbac") != null
                        && get(admin, StatefulSet.class, ns, "rbac") != null
                        && get(admin, PodDisruptionBudget.class, ns, "rbac") != null
                        && get(admin, DaemonSet.class, ns, "rbac-proxy") != null
                        && get(admin, Service.class, ns, "rbac-proxy") != null
                        && get(admin, ServiceMonitor.class, ns, "rbac") != null
                        && get(admin, PodMonitor.class, ns, "rbac-proxy") != null);
        await()
            .atMost(TIMEOUT)
            .until(
                () -> {
                  var status = get(admin, MemcachedCluster.class, ns, "rbac").getStatus();
                  return status != null && status.getSelector() != null;
                });
        await()
            .atMost(TIMEOUT)
            .until(() -> !admin.v1().events().inNamespace(ns).list().getItems().isEmpty());
        // spec.tls.issuerRef: the operator reads cert-manager's CRD, applies the Certificate,
        // reads the Secret cert-manager writes
        MemcachedCluster issued = TestClusters.cluster("issued", ns);
        issued.getMetadata().setUid(null);
        issued.getMetadata().setGeneration(null);
        issued.getSpec().setTls(new TlsSpec());
        issued.getSpec().getTls().setIssuerRef(new TlsSpec.IssuerRef("ca", null));
        admin.resource(issued).create();
        var certificates =
            admin.genericKubernetesResources("cert-manager.io/v1", "Certificate").inNamespace(ns);
        await().atMost(TIMEOUT).until(() -> certificates.withName("issued-tls").get() != null);
        var certs = io.memkube.operator.TlsSecrets.certificates();
        admin
            .resource(
                io.memkube.operator.TlsSecrets.secret(
                    ns, "issued-tls", "tls.crt", certs.serverCert, "tls.key", certs.serverKey))
            .create();
        await().atMost(TIMEOUT).until(() -> get(admin, StatefulSet.class, ns, "issued") != null);

        Lease lease = get(admin, Lease.class, OPERATOR_NS, LeaderElection.LEASE_NAME);
        assertNotNull(lease, "leader election holds a Lease in the operator's namespace");
        var acquired = lease.getSpec().getRenewTime();
        await()
            .atMost(TIMEOUT)
            .until(
                () ->
                    !acquired.equals(
                        get(admin, Lease.class, OPERATOR_NS, LeaderElection.LEASE_NAME)
                            .getSpec()
                            .getRenewTime()));
      } finally {
        operator.stop();
      }
    }
  }

  private static <T extends HasMetadata> T get(
      KubernetesClient client, Class<T> type, String ns, String name) {
    return client.resources(type).inNamespace(ns).withName(name).get();
  }
}
