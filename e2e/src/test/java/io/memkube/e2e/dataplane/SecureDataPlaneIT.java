package io.memkube.e2e.dataplane;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.e2e.app.TextProtocolConnection;
import io.memkube.e2e.support.E2eSettings;
import io.memkube.e2e.support.Examples;
import io.memkube.e2e.support.Kubectl;
import io.memkube.e2e.support.OperatorInstallation;
import io.memkube.e2e.support.StopAfterFirstFailure;
import io.memkube.e2e.support.TestNamespace;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Issue 14 on the real node: the example {@code deploy/examples/tls-and-auth.yaml} (TLS and logins
 * on every hop) serves an application pod through its node's proxy, then its TLS Secret and its
 * logins are rotated under steady traffic: a new certificate from the same CA, a user added, the
 * client switched to it, the old user removed. The figures (failed requests, keys written before
 * that still hit, pod restarts) are printed and kept in {@code target/e2e/secure-rotation.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(StopAfterFirstFailure.class)
class SecureDataPlaneIT {

  private static final Path EXAMPLE =
      E2eSettings.repositoryRoot().resolve("deploy/examples/tls-and-auth.yaml");
  private static final String NAME = "sessions";
  private static final String TLS_SECRET = NAME + "-tls";
  private static final String USERS_SECRET = NAME + "-users";
  private static final int TLS_PORT = 5001;
  private static final int PLAINTEXT_PORT = 5000;
  private static final int KEYS = 1000;
  private static final Duration CONVERGE = Duration.ofMinutes(3);
  private static final Duration TIMEOUT = Duration.ofSeconds(3);
  private static final String PROXY_LOGIN = "memkube-proxy:proxy-password\n";

  @RegisterExtension static final TestNamespace namespace = new TestNamespace("e2e-secure");

  @RegisterExtension
  static final TestWatcher dumpOnFailure =
      new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
          DataPlaneDump.write(
              namespace.client(),
              namespace.name(),
              NAME + "-proxy",
              E2eSettings.outputDirectory()
                  .resolve("SecureDataPlaneIT")
                  .resolve(context.getRequiredTestMethod().getName()));
        }
      };

  private static RealNode node;
  private static OperatorInstallation installation;
  private static Path certificates;
  private static SSLContext trust;

  @BeforeAll
  static void installOperatorAndMakeCertificates() throws Exception {
    node = RealNode.find(namespace.client());
    installation = OperatorInstallation.install(namespace.client());
    certificates = Files.createTempDirectory("memkube-e2e-tls");
    run(
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt",
        "-days",
        "2",
        "-subj",
        "/CN=memkube-e2e-ca");
    trust = TextProtocolConnection.trusting(certificates.resolve("ca.crt"));
    leaf("a");
    leaf("b");
  }

  @AfterAll
  static void stop() throws IOException {
    if (installation != null) {
      installation.close();
    }
    if (certificates != null) {
      try (var files = Files.list(certificates)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(certificates);
    }
  }

  @Test
  @Order(1)
  void tlsAndAuthClusterServesAnApplicationPodThroughItsNodesProxy() throws IOException {
    apply(tlsSecret("a"));
    Kubectl.Result applied =
        Kubectl.apply(
            namespace.name(),
            Examples.inNamespace(
                client().getKubernetesSerialization(),
                EXAMPLE,
                namespace.name(),
                RealNode::placeOnIt));
    assertTrue(applied.succeeded(), applied.stderr());
    // the example's placeholder passwords replaced: a line for the proxies, one for the app
    apply(usersSecret(PROXY_LOGIN + "app1:password-1\n"));
    apply(loginSecret("app1", "password-1"));
    awaitReadyAndProtected();

    int count = 300;
    ApplicationPod.runWriter(namespace, applicationPod(count), count, CONVERGE);
    try (TextProtocolConnection c = proxyAs("app1", "password-1")) {
      assertEquals(java.util.Optional.of("value-7"), c.get("app-7"), "the app's keys");
    }

    // nothing is served without TLS and a login
    Pod proxyPod =
        client().pods().inNamespace(namespace.name()).list().getItems().stream()
            .filter(p -> p.getMetadata().getName().startsWith(NAME + "-proxy-"))
            .findFirst()
            .orElseThrow();
    assertEquals(
        List.of(TLS_PORT),
        proxyPod.getSpec().getContainers().get(0).getPorts().stream()
            .filter(p -> p.getHostPort() != null)
            .map(p -> p.getHostPort())
            .toList(),
        "the plaintext port " + PLAINTEXT_PORT + " is no hostPort");
    try (TextProtocolConnection c = tlsToProxy()) {
      assertFalse(c.login("app1", "wrong"), "a wrong password");
      assertFalse(c.set("k", "v"), "no data before a login: " + c.lastReply());
    }
    String server = serverPods().get(0).getStatus().getPodIP();
    assertThrows(
        IOException.class,
        () -> TextProtocolConnection.open(server, 11211, TIMEOUT).version(),
        "a server speaks TLS only");
  }

  @Test
  @Order(2)
  void rotatingTheCertificateAndTheLoginsUnderTrafficFailsNoRequestAndKeepsTheCache()
      throws Exception {
    String prefix = "before-rotation";
    try (TextProtocolConnection c = proxyAs("app1", "password-1")) {
      for (int i = 0; i < KEYS; i++) {
        assertTrue(c.set(prefix + "-" + i, "value-" + i), c.lastReply());
      }
    }
    Map<String, String> podsBefore = podsAndRestarts();
    BigInteger newSerial = certificate("b").getSerialNumber();
    Instant start = Instant.now();
    SteadyTraffic traffic =
        SteadyTraffic.start(() -> proxyAs("app1", "password-1"), "traffic-rotation");
    List<String> timeline = new ArrayList<>();
    SteadyTraffic.Counts counts;
    try {
      // a certificate from the same CA, and a second user, in one go
      apply(tlsSecret("b"));
      apply(usersSecret(PROXY_LOGIN + "app1:password-1\napp2:password-2\n"));
      await()
          .atMost(CONVERGE)
          .pollInterval(Duration.ofSeconds(2))
          .ignoreExceptions()
          .until(() -> everyPodPresents(newSerial) && loginAccepted("app2", "password-2"));
      timeline.add("new certificate and user app2 in force after " + since(start));
      traffic.switchTo(() -> proxyAs("app2", "password-2"));
      Thread.sleep(2000);
      apply(usersSecret(PROXY_LOGIN + "app2:password-2\n"));
      Instant removed = Instant.now();
      await()
          .atMost(CONVERGE)
          .pollInterval(Duration.ofSeconds(2))
          .ignoreExceptions()
          .until(() -> !loginAccepted("app1", "password-1"));
      timeline.add("user app1 refused " + since(removed) + " after its removal");
      Thread.sleep(2000);
    } finally {
      counts = traffic.stop();
    }
    int kept = 0;
    try (TextProtocolConnection c = proxyAs("app2", "password-2")) {
      for (int i = 0; i < KEYS; i++) {
        if (c.get(prefix + "-" + i).map(("value-" + i)::equals).orElse(false)) {
          kept++;
        }
      }
    }
    Map<String, String> podsAfter = podsAndRestarts();
    String figures =
        "| operation | failed requests | earlier keys that still hit | pod restarts |\n"
            + "| --- | --- | --- | --- |\n"
            + String.format(
                "| TLS Secret rotated (same CA) and logins rotated (add app2, switch, remove"
                    + " app1), under traffic, %d s | %d of %d | %d of %d | %s |\n",
                Duration.between(start, Instant.now()).toSeconds(),
                counts.failed(),
                counts.requests(),
                kept,
                KEYS,
                podsBefore.equals(podsAfter) ? "none" : podsBefore + " -> " + podsAfter)
            + "\n"
            + String.join("; ", timeline)
            + "\n";
    Path file = E2eSettings.outputDirectory().resolve("secure-rotation.md");
    Files.createDirectories(file.getParent());
    Files.writeString(file, figures);
    System.out.println("Secret rotation under traffic (" + file + "):\n" + figures);
    assertEquals(podsBefore, podsAfter, "no pod restarted or was replaced");
    assertEquals(KEYS, kept, "the cache was not emptied");
    assertTrue(counts.requests() > 0, "traffic ran");
    assertEquals(0, counts.failed(), "failed requests of " + counts.requests());
  }

  // --- helpers ---

  private static String since(Instant start) {
    return Duration.between(start, Instant.now()).toSeconds() + " s";
  }

  /** Every server (by its pod IP) and the proxy present the certificate {@code serial}. */
  private static boolean everyPodPresents(BigInteger serial) throws IOException {
    for (Pod pod : serverPods()) {
      String name = pod.getMetadata().getName() + "." + NAME + "." + namespace.name() + ".svc";
      try (TextProtocolConnection c =
          TextProtocolConnection.openTls(
              pod.getStatus().getPodIP(), 11211, TIMEOUT, trust, name + ".cluster.local")) {
        if (!c.peerCertificate().orElseThrow().getSerialNumber().equals(serial)) {
          return false;
        }
      }
    }
    try (TextProtocolConnection c = tlsToProxy()) {
      return c.peerCertificate().orElseThrow().getSerialNumber().equals(serial);
    }
  }

  private static boolean loginAccepted(String user, String password) throws IOException {
    try (TextProtocolConnection c = tlsToProxy()) {
      return c.login(user, password);
    }
  }

  private static TextProtocolConnection tlsToProxy() throws IOException {
    return TextProtocolConnection.openTls(
        node.ip(), TLS_PORT, TIMEOUT, trust, NAME + "-proxy." + namespace.name() + ".svc");
  }

  private static TextProtocolConnection proxyAs(String user, String password) throws IOException {
    TextProtocolConnection c = tlsToProxy();
    if (!c.login(user, password)) {
      String reply = c.lastReply();
      c.close();
      throw new IOException("login as " + user + " refused: " + reply);
    }
    return c;
  }

  /** Each pod of the cluster with its uid and its containers' restarts. */
  private static Map<String, String> podsAndRestarts() {
    Map<String, String> pods = new TreeMap<>();
    for (Pod p : client().pods().inNamespace(namespace.name()).list().getItems()) {
      if (p.getMetadata().getName().startsWith(NAME)) {
        pods.put(
            p.getMetadata().getName(),
            p.getMetadata().getUid()
                + " restarts "
                + p.getStatus().getContainerStatuses().stream()
                    .mapToInt(ContainerStatus::getRestartCount)
                    .sum());
      }
    }
    return pods;
  }

  private static void awaitReadyAndProtected() {
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              MemcachedCluster mcc =
                  client()
                      .resources(MemcachedCluster.class)
                      .inNamespace(namespace.name())
                      .withName(NAME)
                      .get();
              assertNotNull(mcc.getStatus(), "status");
              assertEquals("Ready", mcc.getStatus().getPhase(), "" + mcc.getStatus());
              assertEquals(3, mcc.getStatus().getProxy().getServers(), "proxy servers");
              assertEquals("ProxiesAndServers", mcc.getStatus().getSecurity().getAuth());
              assertEquals("ProxiesAndServers", mcc.getStatus().getSecurity().getTls());
            });
  }

  private static Pod applicationPod(int count) {
    return new PodBuilder(ApplicationPod.writer(count))
        .editSpec()
        .editFirstContainer()
        .addNewEnv()
        .withName("MEMCACHED_PORT")
        .withValue(Integer.toString(TLS_PORT))
        .endEnv()
        .addNewEnv()
        .withName("MEMCACHED_TLS_CA")
        .withValue("/etc/cache-tls/ca.crt")
        .endEnv()
        .addNewEnv()
        .withName("MEMCACHED_TLS_NAME")
        .withValue(NAME + "-proxy." + namespace.name() + ".svc")
        .endEnv()
        .addNewEnv()
        .withName("MEMCACHED_USER")
        .withNewValueFrom()
        .withNewSecretKeyRef("user", "app-login", false)
        .endValueFrom()
        .endEnv()
        .addNewEnv()
        .withName("MEMCACHED_PASSWORD")
        .withNewValueFrom()
        .withNewSecretKeyRef("password", "app-login", false)
        .endValueFrom()
        .endEnv()
        .addNewVolumeMount()
        .withName("cache-tls")
        .withMountPath("/etc/cache-tls")
        .withReadOnly(true)
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("cache-tls")
        .withNewSecret()
        .withSecretName(TLS_SECRET)
        .addNewItem()
        .withKey("ca.crt")
        .withPath("ca.crt")
        .endItem()
        .endSecret()
        .endVolume()
        .endSpec()
        .build();
  }

  /** Creates or replaces the Secret's data (the test owns its fields, taken from kubectl's). */
  private static void apply(Secret secret) {
    client().resource(secret).forceConflicts().serverSideApply();
  }

  private static Map<String, String> base64(Map<String, String> text) {
    Map<String, String> data = new TreeMap<>();
    text.forEach(
        (k, v) ->
            data.put(
                k,
                java.util.Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return data;
  }

  private static Secret tlsSecret(String leaf) throws IOException {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(TLS_SECRET)
        .withNamespace(namespace.name())
        .endMetadata()
        .withType("kubernetes.io/tls")
        .withData(
            base64(
                Map.of(
                    "tls.crt", read(leaf + ".crt"),
                    "tls.key", read(leaf + ".key"),
                    "ca.crt", read("ca.crt"))))
        .build();
  }

  private static Secret usersSecret(String users) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(USERS_SECRET)
        .withNamespace(namespace.name())
        .endMetadata()
        .withType("Opaque")
        .withData(base64(Map.of("users", users)))
        .build();
  }

  private static Secret loginSecret(String user, String password) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("app-login")
        .withNamespace(namespace.name())
        .endMetadata()
        .withData(base64(Map.of("user", user, "password", password)))
        .build();
  }

  /** A certificate from the test's CA naming the servers and the proxy Service. */
  private static void leaf(String name) throws Exception {
    String ns = namespace.name();
    String servers = NAME + "." + ns + ".svc";
    Files.writeString(
        certificates.resolve(name + ".ext"),
        "subjectAltName=DNS:*."
            + servers
            + ".cluster.local,DNS:*."
            + servers
            + ",DNS:"
            + NAME
            + "-proxy."
            + ns
            + ".svc,DNS:"
            + NAME
            + "-proxy."
            + ns
            + ".svc.cluster.local\n"
            + "extendedKeyUsage=serverAuth,clientAuth\n");
    run(
        "openssl",
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        name + ".key",
        "-out",
        name + ".csr",
        "-subj",
        "/CN=" + NAME);
    run(
        "openssl",
        "x509",
        "-req",
        "-in",
        name + ".csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        name + ".ext",
        "-out",
        name + ".crt");
  }

  private static void run(String... command) throws Exception {
    Process p =
        new ProcessBuilder(command)
            .directory(certificates.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command));
    assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
  }

  private static String read(String file) throws IOException {
    return Files.readString(certificates.resolve(file));
  }

  private static X509Certificate certificate(String leaf) throws IOException {
    try (InputStream in = Files.newInputStream(certificates.resolve(leaf + ".crt"))) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (CertificateException e) {
      throw new IOException(e);
    }
  }

  private static KubernetesClient client() {
    return namespace.client();
  }

  private static List<Pod> serverPods() {
    return client().pods().inNamespace(namespace.name()).list().getItems().stream()
        .filter(p -> p.getMetadata().getName().matches(NAME + "-\\d+"))
        .toList();
  }
}
