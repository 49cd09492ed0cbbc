package io.memkube.operator.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.operator.TestClusters;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecProblemsTest {

  private static List<String> problems(MemcachedCluster mc) {
    return SpecProblems.of(SpecDefaults.applied(mc).getSpec());
  }

  @Test
  void defaultSpecHasNoProblem() {
    assertEquals(List.of(), problems(TestClusters.cluster("c", "ns")));
  }

  @Test
  void applicationsCertificatesOnTheProxiesNeedTheProxy() {
    var mc = TestClusters.cluster("c", "ns");
    mc.getSpec().setTls(new io.memkube.api.v1alpha1.TlsSpec());
    mc.getSpec().getTls().setSecretName("t");
    mc.getSpec().getTls().setRequireClientCertificatesFromApplications(true);
    assertEquals(List.of(), problems(mc));
    mc.getSpec().setProxy(new io.memkube.api.v1alpha1.ProxySpec());
    mc.getSpec().getProxy().setEnabled(false);
    assertTrue(
        problems(mc)
            .get(0)
            .startsWith("spec.tls.requireClientCertificatesFromApplications needs the proxy"),
        problems(mc).toString());
  }

  @Test
  void memoryLimitBelowCacheMemoryIsRefusedNamingBothFields() {
    var mc = TestClusters.cluster("c", "ns");
    mc.getSpec().setMemory("1Gi");
    mc.getSpec()
        .setResources(
            new ResourceRequirementsBuilder().addToLimits("memory", new Quantity("512M")).build());
    var problems = problems(mc);
    assertEquals(1, problems.size());
    assertTrue(problems.get(0).startsWith("spec.resources.limits.memory (512M)"), problems.get(0));
    assertTrue(problems.get(0).contains("spec.memory"), problems.get(0));
  }

  @Test
  void requestAboveLimitIsRefused() {
    var mc = TestClusters.cluster("c", "ns");
    mc.getSpec()
        .setResources(
            new ResourceRequirementsBuilder()
                .addToLimits("cpu", new Quantity("500m"))
                .addToRequests("cpu", new Quantity("1"))
                .build());
    assertEquals(
        List.of("spec.resources.requests.cpu (1) is above spec.resources.limits.cpu (500m)"),
        problems(mc));
  }

  @Test
  void valuesThatBypassedTheSchemaAreCaught() {
    var mc = TestClusters.cluster("c", "ns");
    mc.getSpec().setMemory("64MB");
    assertTrue(problems(mc).get(0).startsWith("spec.memory must be"), problems(mc).toString());
    var small = TestClusters.cluster("c", "ns");
    small.getSpec().setMemory("16Mi");
    small.getSpec().setMaxItemSize("16Mi");
    assertEquals(List.of("spec.maxItemSize must be at most half of spec.memory"), problems(small));
  }

  @Test
  void aRawConfigOrPatchThatIsNotAJsonObjectIsAProblem() {
    var mc = io.memkube.operator.TestClusters.cluster("web", "prod");
    var spec = SpecDefaults.applied(mc).getSpec();
    spec.getProxy().getRouting().setConfigPatch("{\"route\": ");
    assertTrue(
        SpecProblems.of(spec).stream()
            .anyMatch(p -> p.startsWith("spec.proxy.routing.configPatch is not JSON")),
        SpecProblems.of(spec).toString());
  }
}
