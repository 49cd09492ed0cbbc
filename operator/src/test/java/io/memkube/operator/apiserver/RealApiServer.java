package io.memkube.operator.apiserver;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.memkube.api.v1alpha1.MemcachedCluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One etcd + kube-apiserver for the test JVM (io.fabric8:kube-api-test), from local binaries only:
 * {@code $KUBE_API_TEST_DIR/k8s/1.36.3-linux-amd64/{etcd,kube-apiserver,kubectl}}, the layout that
 * {@code e2e/bin/cluster kube-api-test-dir} builds from Go modules. Nothing is downloaded; without
 * the binaries the tests fail and say how to get them (CI builds them before Maven runs).
 */
public final class RealApiServer {

  public static final String VERSION = "1.36.3";
  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  private static RealApiServer instance;

  private final Path binaries;
  private final KubeAPIServer server;
  private final KubernetesClient client;
  private final Path kubeconfig;

  private RealApiServer(Path dir) throws IOException {
    this.binaries = dir.resolve("k8s").resolve(VERSION + "-linux-amd64");
    this.server =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(dir.toString())
                .withApiServerVersion(VERSION)
                .withOfflineMode(true)
                .withUpdateKubeConfig(false)
                .build());
    server.start();
    String yaml = server.getKubeConfigYaml();
    this.kubeconfig = Files.createTempFile("memkube-kube-api-test", ".kubeconfig");
    Files.writeString(kubeconfig, yaml);
    kubeconfig.toFile().deleteOnExit();
    this.client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(yaml)).build();
    installCrd();
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "kube-api-test-stop"));
  }

  /** The shared server, started on first use. */
  public static synchronized RealApiServer get() {
    if (instance == null) {
      Path dir = testDir();
      Path bin = dir.resolve("k8s").resolve(VERSION + "-linux-amd64");
      for (String tool : List.of("etcd", "kube-apiserver", "kubectl")) {
        if (!Files.isExecutable(bin.resolve(tool))) {
          throw new IllegalStateException(
              "kube-api-test needs local Kubernetes "
                  + VERSION
                  + " binaries and downloads nothing: "
                  + bin.resolve(tool)
                  + " is missing. Build them with `e2e/bin/cluster kube-api-test-dir`"
                  + " (Go modules, about 20 minutes the first time) or point KUBE_API_TEST_DIR"
                  + " at a directory holding k8s/"
                  + VERSION
                  + "-linux-amd64/{etcd,kube-apiserver,kubectl}.");
        }
      }
      try {
        instance = new RealApiServer(dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  /** KUBE_API_TEST_DIR, else the e2e tool cache ({@code $MEMKUBE_TOOLS/kube-api-test}). */
  static Path testDir() {
    String dir = System.getenv("KUBE_API_TEST_DIR");
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir);
    }
    String tools = System.getenv("MEMKUBE_TOOLS");
    Path base =
        tools != null && !tools.isBlank()
            ? Path.of(tools)
            : Path.of(System.getProperty("user.home"), ".cache", "memkube", "tools");
    return base.resolve("kube-api-test");
  }

  /** An administrator's client (system:masters). */
  public KubernetesClient client() {
    return client;
  }

  /** The administrator's kubeconfig, for processes that tests start against this server. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** Runs the kubectl binary against this server and returns its standard output. */
  public String kubectl(String... args) throws IOException, InterruptedException {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(binaries.resolve("kubectl").toString(), "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("kubectl " + String.join(" ", args) + " failed: " + out);
    }
    return out;
  }

  /** A fresh namespace, so tests do not see each other's objects. */
  public String newNamespace(String prefix) {
    String name = prefix + "-" + NAMESPACES.incrementAndGet();
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  /**
   * A stand-in for the Prometheus Operator's ServiceMonitor CRD (any schema): its presence is what
   * activates the operator's ServiceMonitor dependent.
   */
  public void installServiceMonitorCrd() {
    installMonitoringCrd("ServiceMonitor", "servicemonitors");
  }

  /** The same for the PodMonitor CRD, which activates the proxies' PodMonitor. */
  public void installPodMonitorCrd() {
    installMonitoringCrd("PodMonitor", "podmonitors");
  }

  /** cert-manager's Certificate CRD (schema-less), which spec.tls.issuerRef needs. */
  public void installCertificateCrd() {
    installForeignCrd("cert-manager.io", "Certificate", "certificates");
  }

  private void installMonitoringCrd(String kind, String plural) {
    installForeignCrd("monitoring.coreos.com", kind, plural);
  }

  private synchronized void installForeignCrd(String group, String kind, String plural) {
    String name = plural + "." + group;
    if (client.resources(CustomResourceDefinition.class).withName(name).get() != null) {
      return;
    }
    client
        .resource(
            new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withGroup(group)
                .withScope("Namespaced")
                .withNewNames()
                .withKind(kind)
                .withListKind(kind + "List")
                .withPlural(plural)
                .withSingular(plural.substring(0, plural.length() - 1))
                .endNames()
                .addNewVersion()
                .withName("v1")
                .withServed(true)
                .withStorage(true)
                .withNewSchema()
                .withNewOpenAPIV3Schema()
                .withType("object")
                .withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema()
                .endSchema()
                .endVersion()
                .endSpec()
                .build())
        .create();
    waitEstablished(name);
    // Established comes before the API server's discovery lists the kind; a client looking the
    // kind up by apiVersion and kind (genericKubernetesResources) right after failed with "Could
    // not find the metadata for the given apiVersion and kind" when the operator was quick
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!discovered(group + "/v1", kind) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private boolean discovered(String apiVersion, String kind) {
    var resources = client.getApiResources(apiVersion);
    return resources != null
        && resources.getResources().stream().anyMatch(r -> kind.equals(r.getKind()));
  }

  private void installCrd() throws IOException {
    CustomResourceDefinition crd;
    try (InputStream in =
        MemcachedCluster.class.getResourceAsStream(
            "/META-INF/fabric8/memcachedclusters.memkube.io-v1.yml")) {
      crd = client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
    }
    client.resource(crd).serverSideApply();
    waitEstablished(crd.getMetadata().getName());
  }

  private void waitEstablished(String name) {
    client
        .resources(CustomResourceDefinition.class)
        .withName(name)
        .waitUntilCondition(
            c ->
                c != null
                    && c.getStatus() != null
                    && c.getStatus().getConditions() != null
                    && c.getStatus().getConditions().stream()
                        .anyMatch(
                            cond ->
                                "Established".equals(cond.getType())
                                    && "True".equals(cond.getStatus())),
            60,
            TimeUnit.SECONDS);
  }

  private void stop() {
    client.close();
    server.stop();
  }
}
