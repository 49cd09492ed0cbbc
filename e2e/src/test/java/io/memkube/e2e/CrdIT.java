package io.memkube.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.e2e.support.Crds;
import io.memkube.e2e.support.Kubectl;
import io.memkube.e2e.support.KubectlTable;
import io.memkube.e2e.support.TestNamespace;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shipped CRD on a real API server: it installs, defaults, validates and prints. */
class CrdIT {

  /** The columns docs/ and the design name, in their order (Age last, as kubectl's own kinds). */
  private static final List<String> COLUMNS =
      List.of("NAME", "REPLICAS", "READY", "MEMORY", "PROXY", "STATUS", "AGE");

  @RegisterExtension static final TestNamespace namespace = new TestNamespace("e2e-crd");

  @BeforeAll
  static void installCrds() {
    Crds.install(namespace.client());
  }

  @Test
  void applyingTheCrdFolderAgainChangesNothing() {
    // A CRD file that differs from what the API server stores (float bounds such as 1.0, zero
    // values the server omits) is "configured" on every apply, and GitOps tools show it out of
    // sync.
    String output = Crds.install(namespace.client());
    assertTrue(output.contains(Crds.MEMCACHED_CLUSTERS), output);
    assertTrue(output.contains("unchanged"), output);
  }

  @Test
  void minimalResourceGetsTheSchemaDefaults() {
    Kubectl.Result applied = Kubectl.apply(namespace.name(), minimal("defaults", ""));
    assertTrue(applied.succeeded(), applied.stderr());

    MemcachedCluster stored =
        namespace
            .client()
            .resources(MemcachedCluster.class)
            .inNamespace(namespace.name())
            .withName("defaults")
            .get();
    assertEquals(3, stored.getSpec().getReplicas());
    assertEquals("64Mi", stored.getSpec().getMemory());
    assertEquals("1Mi", stored.getSpec().getMaxItemSize());
    assertEquals(Boolean.TRUE, stored.getSpec().getProxy().getEnabled());
  }

  @Test
  void printerColumnsShowTheSpecBeforeAnyStatus() {
    Kubectl.apply(namespace.name(), minimal("columns", ""));
    String output = Kubectl.ok("get", "memcachedclusters", "columns", "-n", namespace.name());
    KubectlTable table = KubectlTable.parse(output);
    assertEquals(Set.copyOf(COLUMNS), Set.copyOf(table.header()), output);
    Map<String, String> row = table.single();
    assertEquals("columns", row.get("NAME"));
    assertEquals("3", row.get("REPLICAS"));
    assertEquals("64Mi", row.get("MEMORY"));
    assertEquals("", row.get("READY"), "no status without an operator");
    KubectlTable byShortName =
        KubectlTable.parse(Kubectl.ok("get", "mcc", "columns", "-n", namespace.name()));
    assertEquals(table.header(), byShortName.header(), "short name");
    assertEquals("columns", byShortName.single().get("NAME"), "short name");
  }

  @Test
  void printerColumnsComeInTheDocumentedOrder() {
    Kubectl.apply(namespace.name(), minimal("order", ""));
    String output = Kubectl.ok("get", "memcachedclusters", "order", "-n", namespace.name());
    assertEquals(COLUMNS, KubectlTable.parse(output).header(), output);
  }

  @Test
  void memoryOutOfRangeIsRefusedNamingTheField() {
    assertRefused("bad-memory", "  memory: 1Mi\n", "spec.memory");
  }

  @Test
  void negativeReplicasAreRefusedNamingTheField() {
    assertRefused("bad-replicas", "  replicas: -1\n", "spec.replicas");
  }

  @Test
  void itemLargerThanHalfTheMemoryIsRefusedNamingTheField() {
    assertRefused("bad-item", "  memory: 16Mi\n  maxItemSize: 16Mi\n", "spec.maxItemSize");
  }

  private static void assertRefused(String name, String specLines, String field) {
    Kubectl.Result result = Kubectl.apply(namespace.name(), minimal(name, specLines));
    assertFalse(result.succeeded(), "accepted: " + result.stdout());
    assertTrue(
        result.stderr().contains(field), "the error should name " + field + ": " + result.stderr());
    assertTrue(
        namespace
                .client()
                .resources(MemcachedCluster.class)
                .inNamespace(namespace.name())
                .withName(name)
                .get()
            == null,
        "nothing stored");
  }

  /** A MemcachedCluster manifest with the given spec lines (indented by two), or an empty spec. */
  private static String minimal(String name, String specLines) {
    return """
        apiVersion: memkube.io/v1alpha1
        kind: MemcachedCluster
        metadata:
          name: %s
        spec:%s
        """
        .formatted(name, specLines.isEmpty() ? " {}" : "\n" + specLines.stripTrailing());
  }
}
