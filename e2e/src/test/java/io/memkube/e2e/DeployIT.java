package io.memkube.e2e;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.memkube.e2e.support.Crds;
import io.memkube.e2e.support.E2eSettings;
import io.memkube.e2e.support.Helm;
import io.memkube.e2e.support.Kubectl;
import io.memkube.e2e.support.TestNamespace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The two ways users install memkube, on a real API server: the Helm chart and the kustomize
 * manifests are accepted (schema, RBAC, admission) and the operator Deployment becomes Available.
 * Each leaves the cluster without memkube's cluster-wide objects, except the CRD the chart keeps.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployIT {

  private static final String SYSTEM_NAMESPACE = "memkube-system";
  private static final String DEPLOYMENT = "deployment/memkube-operator";

  @RegisterExtension static final TestNamespace namespace = new TestNamespace("e2e-deploy");

  @BeforeAll
  static void startFromAClusterWithoutMemkube() {
    Kubectl.ok(
        "delete", "-k", kustomization(), "--ignore-not-found", "--wait=true", "--timeout=180s");
  }

  @Test
  @Order(1)
  void helmChartInstallsAndTheOperatorBecomesAvailable() {
    String chart = E2eSettings.repositoryRoot().resolve("deploy/helm/memkube").toString();
    Helm.ok(
        "install",
        "memkube",
        chart,
        "-n",
        SYSTEM_NAMESPACE,
        "--create-namespace",
        "--wait",
        "--timeout",
        "180s");
    try {
      Kubectl.ok("rollout", "status", DEPLOYMENT, "-n", SYSTEM_NAMESPACE, "--timeout=180s");
      assertNotNull(memcachedClustersCrd(), "the chart installs the CRD");
    } finally {
      Helm.ok("uninstall", "memkube", "-n", SYSTEM_NAMESPACE, "--wait", "--timeout", "180s");
    }
    assertNotNull(
        memcachedClustersCrd(), "helm uninstall keeps the CRD (and so every MemcachedCluster)");
  }

  @Test
  @Order(2)
  void kustomizeManifestsApplyAndTheOperatorBecomesAvailable() {
    String output = Kubectl.ok("apply", "-k", kustomization());
    assertTrue(output.contains("deployment.apps/memkube-operator"), output);
    try {
      Kubectl.ok("rollout", "status", DEPLOYMENT, "-n", SYSTEM_NAMESPACE, "--timeout=180s");
    } finally {
      Kubectl.ok("delete", "-k", kustomization(), "--wait=true", "--timeout=180s");
    }
  }

  private static String kustomization() {
    return E2eSettings.repositoryRoot().resolve("deploy/kustomize").toString();
  }

  private static CustomResourceDefinition memcachedClustersCrd() {
    return namespace
        .client()
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(Crds.MEMCACHED_CLUSTERS)
        .get();
  }
}
