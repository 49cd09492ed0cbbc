package io.memkube.e2e.support;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesListBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The operator installed from the shipped artifacts: the CRD from {@code crds/}, its RBAC from
 * {@code deploy/kustomize} (rendered by {@code kubectl kustomize}), and the operator itself run as
 * a local process whose kubeconfig carries the token of the ServiceAccount that RBAC binds, so it
 * has exactly the permissions {@code deploy/} grants.
 */
public final class OperatorInstallation implements AutoCloseable {

  /** The kinds that make up the operator's identity and permissions. */
  private static final Set<String> RBAC_KINDS =
      Set.of(
          "Namespace",
          "ServiceAccount",
          "ClusterRole",
          "ClusterRoleBinding",
          "Role",
          "RoleBinding");

  private final KubernetesClient admin;
  private final List<HasMetadata> rbac;
  private final ServiceAccount serviceAccount;
  private final Path kubeconfig;
  private OperatorProcess operator;
  private int starts;

  private OperatorInstallation(
      KubernetesClient admin,
      List<HasMetadata> rbac,
      ServiceAccount serviceAccount,
      Path kubeconfig) {
    this.admin = admin;
    this.rbac = rbac;
    this.serviceAccount = serviceAccount;
    this.kubeconfig = kubeconfig;
  }

  /** Installs the CRD and the RBAC, and starts the operator; waits until it reports ready. */
  public static OperatorInstallation install(KubernetesClient admin) {
    Crds.install(admin);
    List<HasMetadata> rbac = rbacObjects(admin);
    awaitNoNamespaceTerminating(admin, rbac);
    admin
        .resourceList(new KubernetesListBuilder().withItems(rbac).build())
        .forceConflicts()
        .serverSideApply();
    ServiceAccount account =
        rbac.stream()
            .filter(ServiceAccount.class::isInstance)
            .map(ServiceAccount.class::cast)
            .findFirst()
            .orElseThrow(
                () -> new IllegalStateException("deploy/kustomize defines no ServiceAccount"));
    Path kubeconfig =
        ServiceAccountKubeconfig.write(
            admin,
            account.getMetadata().getNamespace(),
            account.getMetadata().getName(),
            E2eSettings.outputDirectory().resolve("operator.kubeconfig"));
    OperatorInstallation installation = new OperatorInstallation(admin, rbac, account, kubeconfig);
    installation.start();
    return installation;
  }

  /**
   * A suite that ran before may have just deleted the operator's namespace (close()): nothing can
   * be created in it until it is gone.
   */
  private static void awaitNoNamespaceTerminating(KubernetesClient admin, List<HasMetadata> rbac) {
    for (HasMetadata object : rbac) {
      if (object instanceof Namespace) {
        String name = object.getMetadata().getName();
        await()
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () -> {
                  Namespace current = admin.namespaces().withName(name).get();
                  return current == null
                      || current.getStatus() == null
                      || !"Terminating".equals(current.getStatus().getPhase());
                });
      }
    }
  }

  /**
   * The RBAC objects of {@code deploy/kustomize}, as a user's {@code kubectl apply -k} creates
   * them.
   */
  private static List<HasMetadata> rbacObjects(KubernetesClient admin) {
    Path kustomization = E2eSettings.repositoryRoot().resolve("deploy/kustomize");
    if (!Files.isDirectory(kustomization)) {
      throw new IllegalStateException(
          kustomization + " is missing: the operator's RBAC comes from there");
    }
    String rendered = Kubectl.ok("kustomize", kustomization.toString());
    return admin
        .load(new ByteArrayInputStream(rendered.getBytes(StandardCharsets.UTF_8)))
        .items()
        .stream()
        .filter(o -> RBAC_KINDS.contains(o.getKind()))
        .toList();
  }

  /** Starts (or restarts) the operator process and waits for its readiness endpoint. */
  public OperatorProcess start() {
    if (operator != null && operator.isAlive()) {
      return operator;
    }
    starts++;
    operator = OperatorProcess.start(kubeconfig, String.valueOf(starts));
    OperatorProcess started = operator;
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .failFast("the operator exited; see " + started.log(), () -> !started.isAlive())
        .ignoreExceptions()
        .until(() -> started.get("/q/health/ready").statusCode() == 200);
    return operator;
  }

  /** The running operator. */
  public OperatorProcess operator() {
    return operator;
  }

  /** The ServiceAccount the operator runs as. */
  public ServiceAccount serviceAccount() {
    return serviceAccount;
  }

  public KubernetesClient admin() {
    return admin;
  }

  /** Stops the operator and removes its RBAC, so the chart can be installed after this. */
  @Override
  public void close() {
    if (operator != null) {
      operator.close();
    }
    admin.resourceList(new KubernetesListBuilder().withItems(rbac).build()).delete();
  }
}
