package io.memkube.operator.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.operator.TestClusters;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecDefaultsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void inMemoryDefaultsEqualTheCrdSchemaDefaults() throws Exception {
    CustomResourceDefinition crd;
    try (InputStream in =
        MemcachedCluster.class.getResourceAsStream(
            "/META-INF/fabric8/memcachedclusters.memkube.io-v1.yml")) {
      assertNotNull(in, "the crds module's generated CRD is on the class path");
      crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
    }
    JSONSchemaProps spec =
        crd.getSpec()
            .getVersions()
            .get(0)
            .getSchema()
            .getOpenAPIV3Schema()
            .getProperties()
            .get("spec");
    JsonNode applied =
        JSON.valueToTree(SpecDefaults.applied(TestClusters.cluster("c", "ns")).getSpec());
    compare("spec", spec, applied);
  }

  /** Every default in the schema is what SpecDefaults sets, recursively. */
  private static void compare(String path, JSONSchemaProps schema, JsonNode value) {
    if (schema.getProperties() == null) {
      return;
    }
    for (Map.Entry<String, JSONSchemaProps> e : schema.getProperties().entrySet()) {
      JSONSchemaProps field = e.getValue();
      JsonNode actual = value == null ? null : value.get(e.getKey());
      if (field.getDefault() != null && !field.getDefault().isObject()) {
        assertEquals(
            field.getDefault().asText(),
            actual == null ? null : actual.asText(),
            path + "." + e.getKey() + " default");
      }
      if (field.getDefault() != null && field.getDefault().isObject()) {
        assertNotNull(actual, path + "." + e.getKey() + " defaults to an object");
        compare(path + "." + e.getKey(), field, actual);
      }
    }
  }

  @Test
  void userValuesAreKeptAndTheOriginalIsNotTouched() {
    MemcachedCluster mc = TestClusters.cluster("c", "ns");
    mc.getSpec().setReplicas(7);
    MemcachedCluster applied = SpecDefaults.applied(mc);
    assertEquals(7, applied.getSpec().getReplicas());
    assertNull(mc.getSpec().getMemory(), "defaults are never written into the user's object");
  }
}
