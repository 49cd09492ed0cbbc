package io.memkube.api.v1alpha1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CRD under {@code crds/} is what users apply without Java (and what the jar carries): it must
 * be exactly what Fabric8's CRD generator makes of the Java types, printer columns in their
 * declared order. This test is where the build generates it.
 */
class CommittedCrdTest {

  private static final Path COMMITTED = Path.of(System.getProperty("memkube.committed.crd"));
  private static final Path GENERATED =
      Path.of(System.getProperty("memkube.generated.crd.dir")).resolve(COMMITTED.getFileName());

  @BeforeAll
  static void generateTheCrdFromTheTypes() throws IOException {
    Files.createDirectories(GENERATED.getParent());
    new CRDGenerator()
        .customResourceClasses(MemcachedCluster.class)
        .forCRDVersions("v1")
        .withPostProcessor(new PrinterColumnsInDeclaredOrder(MemcachedCluster.class))
        .inOutputDir(GENERATED.getParent().toFile())
        .generate();
    Files.writeString(GENERATED, ApiServerCanonicalForm.of(Files.readString(GENERATED)));
  }

  @Test
  void committedCrdEqualsTheOneGeneratedFromTheJavaTypes() throws IOException {
    assertTrue(Files.isRegularFile(GENERATED), "the generator did not write " + GENERATED);
    String generated = Files.readString(GENERATED);
    String committed = Files.exists(COMMITTED) ? Files.readString(COMMITTED) : "";
    assertEquals(
        generated,
        committed,
        "crds/"
            + COMMITTED.getFileName()
            + " drifted from the Java types: copy "
            + GENERATED
            + " over it and commit");
  }

  @Test
  void crdIsWrittenAsTheApiServerStoresItSoApplyingItAgainChangesNothing() {
    String crd = read();
    assertTrue(!crd.contains("priority: 0"), "the server omits a column's default priority");
    assertTrue(
        !crd.matches("(?s).*(minimum|maximum): -?\\d+\\.0\n.*"),
        "the server stores whole-number bounds as integers");
    assertTrue(crd.contains("minimum: 1\n"), "integer bounds are still there");
  }

  @Test
  void crdHasScaleAndStatusSubresourcesAndTheShortName() {
    CustomResourceDefinition crd = Serialization.unmarshal(read(), CustomResourceDefinition.class);
    assertEquals(List.of("mcc"), crd.getSpec().getNames().getShortNames());
    CustomResourceDefinitionVersion v1alpha1 = crd.getSpec().getVersions().get(0);
    assertEquals(".spec.replicas", v1alpha1.getSubresources().getScale().getSpecReplicasPath());
    assertEquals(".status.replicas", v1alpha1.getSubresources().getScale().getStatusReplicasPath());
    assertEquals(".status.selector", v1alpha1.getSubresources().getScale().getLabelSelectorPath());
    assertTrue(v1alpha1.getSubresources().getStatus() != null);
  }

  @Test
  void crdHasThePrinterColumnsKubectlShowsInTheirDocumentedOrder() {
    CustomResourceDefinition crd = Serialization.unmarshal(read(), CustomResourceDefinition.class);
    var columns =
        crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns().stream()
            .map(c -> c.getName() + "=" + c.getJsonPath())
            .toList();
    assertEquals(
        List.of(
            "Replicas=.spec.replicas",
            "Ready=.status.readyReplicas",
            "Memory=.spec.memory",
            "Proxy=.status.proxy.ready",
            "Status=.status.phase",
            "Age=.metadata.creationTimestamp"),
        columns);
  }

  @Test
  void specOnlyHasDefaultsInTheSchemaAndTheRootHasNoStrayProperties() {
    CustomResourceDefinition crd = Serialization.unmarshal(read(), CustomResourceDefinition.class);
    var root = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    assertEquals(
        List.of("spec", "status"), root.getProperties().keySet().stream().sorted().toList());
    var spec = root.getProperties().get("spec").getProperties();
    assertEquals("3", spec.get("replicas").getDefault().toString());
    assertEquals("\"64Mi\"", spec.get("memory").getDefault().toString());
    var proxy = spec.get("proxy").getProperties();
    assertEquals("true", proxy.get("enabled").getDefault().toString());
    assertEquals("5000", proxy.get("port").getDefault().toString());
  }

  private static String read() {
    try {
      return Files.readString(COMMITTED);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
