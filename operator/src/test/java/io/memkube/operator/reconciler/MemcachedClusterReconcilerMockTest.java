package io.memkube.operator.reconciler;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.api.v1alpha1.ProxySpec;
import io.memkube.api.v1alpha1.TlsSpec;
import io.memkube.operator.TestClusters;
import io.memkube.operator.TlsSecrets;
import io.memkube.operator.naming.ClusterLabels;
import io.memkube.operator.scaling.RingState;
import io.memkube.operator.status.Conditions;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The running operator against the Fabric8 mock server (CRUD mode). There are no StatefulSet or
 * DaemonSet controllers here: the tests play them, creating Ready pods and writing the workload
 * status, to drive ring-safe scaling step by step.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(MockServerProfile.class)
class MemcachedClusterReconcilerMockTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  @Inject KubernetesClient client;

  @io.quarkus.test.kubernetes.client.KubernetesTestServer
  io.quarkus.test.kubernetes.client.KubernetesServer mockServer;

  private static String namespace() {
    return "mock-" + NAMESPACES.incrementAndGet();
  }

  private MemcachedCluster create(MemcachedCluster mc) {
    return client.resource(mc).create();
  }

  private MemcachedCluster get(String ns, String name) {
    return client.resources(MemcachedCluster.class).inNamespace(ns).withName(name).get();
  }

  private <T extends HasMetadata> T get(Class<T> type, String ns, String name) {
    return client.resources(type).inNamespace(ns).withName(name).get();
  }

  /** Waits for the cluster's phase to be Degraded and returns its Degraded condition. */
  private io.fabric8.kubernetes.api.model.Condition awaitDegraded(String ns, String name) {
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                get(ns, name).getStatus() != null
                    && "Degraded".equals(get(ns, name).getStatus().getPhase()));
    return Conditions.find(get(ns, name).getStatus().getConditions(), "Degraded").orElseThrow();
  }

  private Integer ringSize(String ns, String name) {
    ConfigMap cm = get(ConfigMap.class, ns, name + "-proxy");
    return cm == null
        ? null
        : Integer.valueOf(cm.getMetadata().getAnnotations().get(RingState.SIZE));
  }

  private String progressingReason(String ns, String name) {
    MemcachedCluster mc = get(ns, name);
    return mc.getStatus() == null
        ? null
        : Conditions.find(mc.getStatus().getConditions(), "Progressing")
            .map(c -> c.getReason())
            .orElse(null);
  }

  /** Plays the StatefulSet controller: pods 0..ready-1 exist and are Ready. */
  private void serversReady(String ns, String name, int ready) {
    for (int i = 0; i < ready; i++) {
      String pod = name + "-" + i;
      if (get(io.fabric8.kubernetes.api.model.Pod.class, ns, pod) == null) {
        client
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName(pod)
                    .withNamespace(ns)
                    .withLabels(selector(name, "cache"))
                    .endMetadata()
                    .withNewStatus()
                    .addNewCondition()
                    .withType("Ready")
                    .withStatus("True")
                    .endCondition()
                    .endStatus()
                    .build())
            .create();
      }
    }
    StatefulSet sts = get(StatefulSet.class, ns, name);
    int replicas = sts.getSpec().getReplicas();
    sts.setStatus(
        new io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder()
            .withObservedGeneration(observedGeneration(sts))
            .withReplicas(replicas)
            .withReadyReplicas(Math.min(ready, replicas))
            .withUpdatedReplicas(replicas)
            .withCurrentRevision("r1")
            .withUpdateRevision("r1")
            .build());
    client.resource(sts).updateStatus();
  }

  /** The mock server does not count generations: the controllers then report 1. */
  private static long observedGeneration(HasMetadata workload) {
    Long generation = workload.getMetadata().getGeneration();
    return generation == null ? 1L : generation;
  }

  /** Edits a cluster, retrying when the operator's status patch got in between. */
  private void editCluster(String ns, String name, UnaryOperator<MemcachedCluster> change) {
    await()
        .atMost(TIMEOUT)
        .ignoreExceptionsInstanceOf(KubernetesClientException.class)
        .until(
            () -> {
              client.resources(MemcachedCluster.class).inNamespace(ns).withName(name).edit(change);
              return true;
            });
  }

  /** Plays the DaemonSet controller: one node, its proxy Ready and up to date. */
  private void proxiesReady(String ns, String name) {
    DaemonSet ds = get(DaemonSet.class, ns, name + "-proxy");
    ds.setStatus(
        new io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder()
            .withObservedGeneration(observedGeneration(ds))
            .withDesiredNumberScheduled(1)
            .withCurrentNumberScheduled(1)
            .withNumberReady(1)
            .withUpdatedNumberScheduled(1)
            .build());
    client.resource(ds).updateStatus();
  }

  private static Map<String, String> selector(String name, String component) {
    return Map.of(
        ClusterLabels.NAME, ClusterLabels.APP,
        ClusterLabels.INSTANCE, name,
        ClusterLabels.COMPONENT, component);
  }

  @Test
  void createsEveryOwnedObjectOwnedByTheCluster() {
    String ns = namespace();
    MemcachedCluster mc = create(TestClusters.cluster("cache", ns));
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                get(Service.class, ns, "cache") != null
                    && get(StatefulSet.class, ns, "cache") != null
                    && get(PodDisruptionBudget.class, ns, "cache") != null
                    && get(ConfigMap.class, ns, "cache-proxy") != null
                    && get(DaemonSet.class, ns, "cache-proxy") != null
                    && get(Service.class, ns, "cache-proxy") != null);
    List<HasMetadata> owned =
        List.of(
            get(Service.class, ns, "cache"),
            get(StatefulSet.class, ns, "cache"),
            get(PodDisruptionBudget.class, ns, "cache"),
            get(ConfigMap.class, ns, "cache-proxy"),
            get(DaemonSet.class, ns, "cache-proxy"),
            get(Service.class, ns, "cache-proxy"));
    for (HasMetadata o : owned) {
      assertNotNull(o);
      assertEquals(
          mc.getMetadata().getUid(),
          o.getMetadata().getOwnerReferences().get(0).getUid(),
          o.getKind() + " is owned by the cluster, so deleting it cascades");
    }
    assertEquals(3, get(StatefulSet.class, ns, "cache").getSpec().getReplicas());
    assertEquals(3, ringSize(ns, "cache"));
    await().atMost(TIMEOUT).until(() -> get(ns, "cache").getStatus() != null);
    assertEquals(
        "app.kubernetes.io/name=memkube,app.kubernetes.io/instance=cache,app.kubernetes.io/component=cache",
        get(ns, "cache").getStatus().getSelector());
    assertNull(get(ns, "cache").getSpec().getMemory(), "defaults are not written into the spec");
  }

  @Test
  void scaleUpAddsServersToTheProxyOnlyOnceTheirPodIsReady() {
    String ns = namespace();
    create(TestClusters.cluster("up", ns));
    await().atMost(TIMEOUT).until(() -> get(StatefulSet.class, ns, "up") != null);
    serversReady(ns, "up", 3);

    editCluster(
        ns,
        "up",
        m -> {
          m.getSpec().setReplicas(5);
          return m;
        });
    await()
        .atMost(TIMEOUT)
        .until(() -> get(StatefulSet.class, ns, "up").getSpec().getReplicas() == 5);
    await().atMost(TIMEOUT).until(() -> "WaitingForNewServers".equals(progressingReason(ns, "up")));
    assertEquals(3, ringSize(ns, "up"), "pods up-3 and up-4 are not Ready: not in the ring yet");

    serversReady(ns, "up", 4);
    await().atMost(TIMEOUT).until(() -> ringSize(ns, "up") == 4);
    String config = get(ConfigMap.class, ns, "up-proxy").getData().get("config.json");
    assertTrue(config.contains("up-3.up." + ns), config);
    assertTrue(!config.contains("up-4.up."), config);

    serversReady(ns, "up", 5);
    await().atMost(TIMEOUT).until(() -> ringSize(ns, "up") == 5);
    proxiesReady(ns, "up");
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertEquals(
                    "Stable",
                    progressingReason(ns, "up"),
                    () -> "status: " + get(ns, "up").getStatus().getConditions()));
    assertTrue(
        client.v1().events().inNamespace(ns).list().getItems().stream()
            .anyMatch(e -> "WaitingForNewServers".equals(e.getReason())),
        "each step is recorded as an Event");
  }

  @Test
  void scaleDownRemovesServersFromTheProxyFirstAndShrinksTheStatefulSetAfterTheGrace() {
    String ns = namespace();
    MemcachedCluster mc = TestClusters.cluster("down", ns);
    mc.getSpec().setReplicas(4);
    create(mc);
    await().atMost(TIMEOUT).until(() -> get(StatefulSet.class, ns, "down") != null);
    serversReady(ns, "down", 4);

    editCluster(
        ns,
        "down",
        m -> {
          m.getSpec().setReplicas(2);
          return m;
        });
    await().atMost(TIMEOUT).until(() -> ringSize(ns, "down") == 2);
    assertEquals(
        4,
        get(StatefulSet.class, ns, "down").getSpec().getReplicas(),
        "the pods stay while the proxies reload");
    await()
        .atMost(TIMEOUT)
        .until(() -> "DrainingRemovedServers".equals(progressingReason(ns, "down")));
    await()
        .atMost(TIMEOUT)
        .until(() -> get(StatefulSet.class, ns, "down").getSpec().getReplicas() == 2);
    assertEquals(2, ringSize(ns, "down"));
  }

  @Test
  void updateChangesTheServerFlagsButNotTheProxyConfiguration() {
    String ns = namespace();
    create(TestClusters.cluster("upd", ns));
    // The dependents are created one after another: wait for both that the test reads.
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                get(ConfigMap.class, ns, "upd-proxy") != null
                    && get(DaemonSet.class, ns, "upd-proxy") != null);
    String config = get(ConfigMap.class, ns, "upd-proxy").getData().get("config.json");
    var dsTemplate = get(DaemonSet.class, ns, "upd-proxy").getSpec().getTemplate();

    editCluster(
        ns,
        "upd",
        m -> {
          m.getSpec().setMemory("256Mi");
          return m;
        });
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                get(StatefulSet.class, ns, "upd")
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0)
                    .getArgs()
                    .contains("256"));
    assertEquals(config, get(ConfigMap.class, ns, "upd-proxy").getData().get("config.json"));
    assertEquals(dsTemplate, get(DaemonSet.class, ns, "upd-proxy").getSpec().getTemplate());
  }

  @Test
  void pausedClusterIsLeftAloneAndSaysSo() {
    String ns = namespace();
    create(TestClusters.cluster("p", ns));
    await().atMost(TIMEOUT).until(() -> get(StatefulSet.class, ns, "p") != null);
    editCluster(
        ns,
        "p",
        m -> {
          m.getMetadata().getAnnotations().put(MemcachedCluster.PAUSED_ANNOTATION, "true");
          m.getSpec().setReplicas(6);
          return m;
        });
    await().atMost(TIMEOUT).until(() -> "Paused".equals(progressingReason(ns, "p")));
    assertEquals("Paused", get(ns, "p").getStatus().getPhase());
    assertEquals(3, get(StatefulSet.class, ns, "p").getSpec().getReplicas());

    editCluster(
        ns,
        "p",
        m -> {
          m.getMetadata().getAnnotations().remove(MemcachedCluster.PAUSED_ANNOTATION);
          return m;
        });
    await()
        .atMost(TIMEOUT)
        .until(() -> get(StatefulSet.class, ns, "p").getSpec().getReplicas() == 6);
  }

  @Test
  void objectOwnedBySomeoneElseIsNotTouchedAndTheClusterIsDegraded() {
    String ns = namespace();
    client
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("taken")
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .addNewPort()
                .withPort(80)
                .endPort()
                .endSpec()
                .build())
        .create();
    create(TestClusters.cluster("taken", ns));
    var degraded = awaitDegraded(ns, "taken");
    assertEquals("InvalidSpec", degraded.getReason());
    assertTrue(degraded.getMessage().contains("Service " + ns + "/taken already exists"));
    assertNull(get(StatefulSet.class, ns, "taken"), "nothing is applied: no partial damage");
    assertEquals(80, get(Service.class, ns, "taken").getSpec().getPorts().get(0).getPort());
  }

  @Test
  void aForeignStatefulSetIsFoundByItsRefusedCreateAndLeftAsItWas() {
    String ns = namespace();
    StatefulSet foreign =
        client
            .resource(
                new io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder()
                    .withNewMetadata()
                    .withName("theirs")
                    .withNamespace(ns)
                    .addToLabels("owner", "someone-else")
                    .endMetadata()
                    .withNewSpec()
                    .withReplicas(7)
                    .endSpec()
                    .build())
            .create();
    create(TestClusters.cluster("theirs", ns));
    var degraded = awaitDegraded(ns, "theirs");
    assertEquals("InvalidSpec", degraded.getReason());
    assertTrue(
        degraded.getMessage().contains("StatefulSet " + ns + "/theirs already exists"),
        degraded.getMessage());
    StatefulSet after = get(StatefulSet.class, ns, "theirs");
    assertEquals(
        foreign.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion());
    assertEquals(7, after.getSpec().getReplicas());
    assertTrue(after.getMetadata().getOwnerReferences().isEmpty(), "not adopted");
  }

  @Test
  void aNewClusterReadsNoObjectByNameAndRecordsNoEventForNotBeingAvailableYet()
      throws InterruptedException {
    String ns = namespace();
    create(TestClusters.cluster("fresh", ns));
    // lists only, here: the test's own GETs by name would be counted below
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                client.resources(MemcachedCluster.class).inNamespace(ns).list().getItems().stream()
                        .anyMatch(m -> m.getStatus() != null)
                    && !client
                        .resources(StatefulSet.class)
                        .inNamespace(ns)
                        .list()
                        .getItems()
                        .isEmpty());
    List<String> readsByName = new java.util.ArrayList<>();
    var recorded = mockServer.getKubernetesMockServer();
    for (var r = recorded.takeRequest(100, java.util.concurrent.TimeUnit.MILLISECONDS);
        r != null;
        r = recorded.takeRequest(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
      String path = r.getPath();
      if ("GET".equals(r.getMethod())
          && path.contains("/namespaces/" + ns + "/")
          && !path.contains("/memcachedclusters")
          && path.matches(".*/namespaces/" + ns + "/[a-z]+/fresh[^/?]*(\\?.*)?")) {
        readsByName.add(path);
      }
    }
    assertEquals(
        List.of(),
        readsByName,
        "a new cluster's objects are created by apply: no GET answering 404 first");
    var events = client.v1().events().inNamespace(ns).list().getItems();
    assertTrue(
        events.stream().anyMatch(e -> "Normal".equals(e.getType())),
        "the first status is told by its Progressing Event: " + events);
    assertTrue(
        events.stream().noneMatch(e -> "ServersNotReady".equals(e.getReason())),
        "no Event for not being available yet: " + events);
  }

  @Test
  void specTheSchemaCannotCheckIsDegradedWithAMessageAndNothingApplied() {
    String ns = namespace();
    MemcachedCluster mc = TestClusters.cluster("bad", ns);
    mc.getSpec().setMemory("1Gi");
    mc.getSpec()
        .setResources(
            new ResourceRequirementsBuilder().addToLimits("memory", new Quantity("512Mi")).build());
    create(mc);
    String message = awaitDegraded(ns, "bad").getMessage();
    assertTrue(message.contains("spec.resources.limits.memory (512Mi)"), message);
    assertNull(get(Service.class, ns, "bad"));
    assertNull(get(StatefulSet.class, ns, "bad"));
  }

  /** Condition {@code type} of the cluster when it is True with {@code reason}, else null. */
  private io.fabric8.kubernetes.api.model.Condition trueWith(
      String ns, String name, String type, String reason) {
    MemcachedCluster mc = get(ns, name);
    return mc.getStatus() == null
        ? null
        : Conditions.find(mc.getStatus().getConditions(), type)
            .filter(c -> "True".equals(c.getStatus()) && reason.equals(c.getReason()))
            .orElse(null);
  }

  @Test
  void anExpiredCertificateIsAppliedAndReportedWithAWarningAndAKeyOfAnotherCertificateIsNot() {
    String ns = namespace();
    var certs = TlsSecrets.certificates();
    client
        .resource(
            TlsSecrets.secret(
                ns, "old", "tls.crt", TlsSecrets.expiredCertificate(), "tls.key", certs.serverKey))
        .create();
    client
        .resource(
            TlsSecrets.secret(ns, "wrong", "tls.crt", certs.serverCert, "tls.key", certs.rogueKey))
        .create();
    for (String[] c : new String[][] {{"expired", "old"}, {"mismatched", "wrong"}}) {
      MemcachedCluster mc = TestClusters.cluster(c[0], ns);
      mc.getSpec().setTls(new TlsSpec());
      mc.getSpec().getTls().setSecretName(c[1]);
      create(mc);
    }

    // expired: the servers load it (as memcached does), so the spec is applied and reported
    await()
        .atMost(TIMEOUT)
        .until(() -> trueWith(ns, "expired", "Degraded", "CertificateExpired") != null);
    String message = trueWith(ns, "expired", "Degraded", "CertificateExpired").getMessage();
    assertTrue(
        message.startsWith(
            "Secret "
                + ns
                + "/old (spec.tls.secretName): the certificate CN=expired in key"
                + " 'tls.crt' expired at "),
        message);
    assertTrue(
        get(StatefulSet.class, ns, "expired")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getArgs()
            .contains("-Z"));
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                client.v1().events().inNamespace(ns).list().getItems().stream()
                    .anyMatch(
                        e ->
                            "Warning".equals(e.getType())
                                && "CertificateExpired".equals(e.getReason())
                                && e.getMessage().equals(message)));

    // a key of another certificate would make every server exit 64: nothing is applied
    await()
        .atMost(TIMEOUT)
        .until(() -> trueWith(ns, "mismatched", "Degraded", "SecretMissing") != null);
    assertEquals(
        "Secret "
            + ns
            + "/wrong (spec.tls.secretName): key 'tls.key' is not the private key of the"
            + " certificate in 'tls.crt'",
        trueWith(ns, "mismatched", "Degraded", "SecretMissing").getMessage());
    assertNull(get(StatefulSet.class, ns, "mismatched"));
  }

  private String tlsDigest(String ns, String name) {
    StatefulSet sts = get(StatefulSet.class, ns, name);
    var annotations =
        sts == null ? null : sts.getSpec().getTemplate().getMetadata().getAnnotations();
    return annotations == null
        ? null
        : annotations.get(io.memkube.operator.dependent.SecretDigests.TLS_ANNOTATION);
  }

  @Test
  void aRotatedTlsSecretRollsMemcachedsServersAndNeverMemkubes() {
    String ns = namespace();
    client.resource(TlsSecrets.valid(ns, "tls")).create();
    for (String[] c : new String[][] {{"theirs", "memcached:1.6.18"}, {"ours", null}}) {
      MemcachedCluster mc = TestClusters.cluster(c[0], ns);
      mc.getSpec().setImage(c[1]);
      mc.getSpec().setTls(new TlsSpec());
      mc.getSpec().getTls().setSecretName("tls");
      create(mc);
    }
    await().atMost(TIMEOUT).until(() -> tlsDigest(ns, "theirs") != null);
    String before = tlsDigest(ns, "theirs");
    await().atMost(TIMEOUT).until(() -> get(StatefulSet.class, ns, "ours") != null);
    var ours = get(StatefulSet.class, ns, "ours").getSpec().getTemplate();

    // a new certificate and key (as cert-manager renews them)
    var certs = TlsSecrets.certificates();
    client
        .resource(
            TlsSecrets.secret(ns, "tls", "tls.crt", certs.clientCert, "tls.key", certs.clientKey))
        .update();
    // the Secret is not watched (looked at every 60 s): any event of the cluster shows it sooner
    for (String name : List.of("theirs", "ours")) {
      editCluster(
          ns,
          name,
          mc -> {
            var annotations =
                new java.util.HashMap<String, String>(
                    mc.getMetadata().getAnnotations() == null
                        ? Map.of()
                        : mc.getMetadata().getAnnotations());
            annotations.put("poke", "1");
            mc.getMetadata().setAnnotations(annotations);
            return mc;
          });
    }
    await()
        .atMost(TIMEOUT)
        .until(() -> tlsDigest(ns, "theirs") != null && !before.equals(tlsDigest(ns, "theirs")));
    assertEquals(
        ours, get(StatefulSet.class, ns, "ours").getSpec().getTemplate(), "nothing to roll");
    assertNull(tlsDigest(ns, "ours"));
  }

  @Test
  void disablingTheProxyDeletesItsObjects() {
    String ns = namespace();
    create(TestClusters.cluster("np", ns));
    await().atMost(TIMEOUT).until(() -> get(DaemonSet.class, ns, "np-proxy") != null);
    editCluster(
        ns,
        "np",
        m -> {
          m.getSpec().setProxy(new ProxySpec());
          m.getSpec().getProxy().setEnabled(false);
          return m;
        });
    await().atMost(TIMEOUT).until(() -> get(DaemonSet.class, ns, "np-proxy") == null);
    await().atMost(TIMEOUT).until(() -> get(ConfigMap.class, ns, "np-proxy") == null);
    await().atMost(TIMEOUT).until(() -> get(Service.class, ns, "np-proxy") == null);
    assertNotNull(get(StatefulSet.class, ns, "np"));
  }

  @Test
  void deletedClusterIsNotRecreatedAndItsObjectsCarryTheOwnerReferenceForGarbageCollection() {
    String ns = namespace();
    MemcachedCluster mc = create(TestClusters.cluster("gone", ns));
    await().atMost(TIMEOUT).until(() -> get(StatefulSet.class, ns, "gone") != null);
    client.resource(mc).delete();
    await().atMost(TIMEOUT).until(() -> get(ns, "gone") == null);
    var owner = get(StatefulSet.class, ns, "gone").getMetadata().getOwnerReferences().get(0);
    assertEquals("MemcachedCluster", owner.getKind());
    assertEquals(mc.getMetadata().getUid(), owner.getUid());
    assertEquals(Boolean.TRUE, owner.getController());
  }

  @Test
  void healthAndMetricsEndpointsAnswer() throws Exception {
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    HttpClient http = HttpClient.newHttpClient();
    var ready =
        http.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, ready.statusCode(), ready.body());
    assertTrue(ready.body().contains("\"memcachedcluster\""), ready.body());
    var metrics =
        http.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, metrics.statusCode());
    assertTrue(metrics.body().contains("memkube_reconcile_steps_total"), metrics.body());
  }
}
