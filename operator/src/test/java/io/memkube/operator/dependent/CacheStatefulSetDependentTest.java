package io.memkube.operator.dependent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.api.v1alpha1.MetricsSpec;
import io.memkube.operator.TestClusters;
import io.memkube.operator.scaling.RingPlan;
import io.memkube.operator.scaling.RingState;
import io.memkube.operator.scaling.ScalingStep;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheStatefulSetDependentTest {

  private static StatefulSet desired(MemcachedCluster mc) {
    return CacheStatefulSetDependent.desired(TestClusters.stablePlan(mc));
  }

  private static Container cacheContainer(StatefulSet sts) {
    return sts.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  @Test
  void serverFlagsComeFromTheSpec() {
    var mc = TestClusters.cluster("c", "ns");
    mc.getSpec().setMemory("1Gi");
    mc.getSpec().setMaxItemSize("2Mi");
    mc.getSpec().setMaxConnections(4096);
    mc.getSpec().setThreads(8);
    var args = cacheContainer(desired(mc)).getArgs();
    assertEquals(
        "-p 11211 -l 0.0.0.0 -U 0 -m 1024 -I 2m -c 4096 -t 8 --health-port=11212"
            + " --shutdown-drain-seconds=5",
        String.join(" ", args));
  }

  @Test
  void podsDrainWithinTheirGracePeriodAndARollWaitsForTheProxiesToReadmitEachServer() {
    var sts = desired(TestClusters.cluster("c", "ns"));
    long grace = sts.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
    assertEquals(10L, grace);
    assertTrue(
        cacheContainer(sts).getArgs().contains("--shutdown-drain-seconds=" + (grace - 5)),
        cacheContainer(sts).getArgs().toString());
    // DNS for the new pod (up to ~5 s) plus the proxies' first probes (about 1 s)
    assertEquals(10, sts.getSpec().getMinReadySeconds());
  }

  @Test
  void defaultsGiveMemcachedDefaults() {
    var args = cacheContainer(desired(TestClusters.cluster("c", "ns"))).getArgs();
    assertEquals(
        "-p 11211 -l 0.0.0.0 -U 0 -m 64 -I 1m -c 1024 -t 4 --health-port=11212"
            + " --shutdown-drain-seconds=5",
        String.join(" ", args));
  }

  @Test
  void memoryLimitIsCacheMemoryPlusOverheadWhenResourcesAreUnset() {
    var mc = TestClusters.cluster("c", "ns");
    mc.getSpec().setMemory("1Gi");
    var resources = cacheContainer(desired(mc)).getResources();
    // 1024Mi + 320Mi fixed + 25% of 1024Mi = 1600Mi
    assertEquals(new Quantity("1600Mi"), resources.getLimits().get("memory"));
    assertEquals(new Quantity("1600Mi"), resources.getRequests().get("memory"));
    assertEquals(new Quantity("400m"), resources.getRequests().get("cpu"));
    assertNull(resources.getLimits().get("cpu"), "no CPU limit: throttling a cache hurts p99");
  }

  @Test
  void userResourcesWin() {
    var mc = TestClusters.cluster("c", "ns");
    mc.getSpec()
        .setResources(
            new ResourceRequirementsBuilder()
                .addToLimits("memory", new Quantity("2Gi"))
                .addToRequests("cpu", new Quantity("2"))
                .build());
    var resources = cacheContainer(desired(mc)).getResources();
    assertEquals(new Quantity("2Gi"), resources.getLimits().get("memory"));
    assertEquals(new Quantity("2"), resources.getRequests().get("cpu"));
  }

  @Test
  void podsAreRestrictedNonRootWithReadOnlyRootAndNoCapabilities() {
    var sts = desired(TestClusters.cluster("c", "ns"));
    var pod = sts.getSpec().getTemplate().getSpec();
    assertTrue(pod.getSecurityContext().getRunAsNonRoot());
    assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
    var sc = cacheContainer(sts).getSecurityContext();
    assertTrue(sc.getReadOnlyRootFilesystem());
    assertEquals(false, sc.getAllowPrivilegeEscalation());
    assertEquals(List.of("ALL"), sc.getCapabilities().getDrop());
    assertEquals(false, pod.getAutomountServiceAccountToken());
  }

  @Test
  void memkubeServerGetsHttpProbesThatSpeakTheProtocol() {
    var c = cacheContainer(desired(TestClusters.cluster("c", "ns")));
    assertTrue(c.getArgs().contains("--health-port=11212"), c.getArgs().toString());
    assertEquals(
        List.of("memcache:11211", "health:11212"),
        c.getPorts().stream().map(p -> p.getName() + ":" + p.getContainerPort()).toList());
    var readiness = c.getReadinessProbe().getHttpGet();
    assertEquals("/readyz", readiness.getPath());
    assertEquals("health", readiness.getPort().getStrVal());
    assertEquals("HTTP", readiness.getScheme());
    var liveness = c.getLivenessProbe().getHttpGet();
    assertEquals("/healthz", liveness.getPath());
    assertEquals("health", liveness.getPort().getStrVal());
    assertNull(c.getReadinessProbe().getTcpSocket());
    assertNull(c.getLivenessProbe().getTcpSocket());
    // restarting a cache server empties it: liveness gives it a minute
    assertEquals(6, c.getLivenessProbe().getFailureThreshold());
    assertEquals(10, c.getLivenessProbe().getPeriodSeconds());
  }

  @Test
  void memkubeImageWithAnotherTagOrDigestStillGetsHttpProbes() {
    // TestClusters.SETTINGS names memkube/cache-server:test
    for (String image :
        List.of("memkube/cache-server:0.2.0", "memkube/cache-server@sha256:" + "a".repeat(64))) {
      var mc = TestClusters.cluster("c", "ns");
      mc.getSpec().setImage(image);
      var c = cacheContainer(desired(mc));
      assertEquals(image, c.getImage());
      assertEquals("/readyz", c.getReadinessProbe().getHttpGet().getPath(), image);
      assertTrue(c.getArgs().contains("--health-port=11212"), image);
    }
  }

  @Test
  void otherImagesKeepMemcachedFlagsAndTcpProbes() {
    var mc = TestClusters.cluster("c", "ns");
    mc.getSpec().setImage("memcached:1.6");
    var c = cacheContainer(desired(mc));
    assertEquals("memcached:1.6", c.getImage());
    assertTrue(
        c.getArgs().stream().noneMatch(a -> a.startsWith("--health-port")),
        "memcached would refuse it");
    assertEquals(List.of(11211), c.getPorts().stream().map(p -> p.getContainerPort()).toList());
    assertEquals(11211, c.getReadinessProbe().getTcpSocket().getPort().getIntVal());
    assertEquals(11211, c.getLivenessProbe().getTcpSocket().getPort().getIntVal());
    assertNull(c.getReadinessProbe().getHttpGet());
  }

  @Test
  void aConfiguredReadinessCommandReplacesReadinessOnly() {
    var mc = TestClusters.cluster("c", "ns");
    var base = TestClusters.stablePlan(mc);
    var s = base.settings();
    var command = List.of("/bin/bash", "-c", "printf 'version\\r\\n' >/dev/tcp/127.0.0.1/11211");
    var settings =
        new io.memkube.operator.config.OperatorSettings(
            s.cacheServerImage(),
            s.proxyImage(),
            s.exporterImage(),
            s.memoryOverheadBytes(),
            s.memoryOverheadPercent(),
            s.scaleDownGrace(),
            s.clusterDomain(),
            command,
            s.proxyRingWarmUp());
    var exec =
        cacheContainer(
            CacheStatefulSetDependent.desired(
                new ClusterPlan(base.cluster(), settings, base.ring())));
    assertEquals(command, exec.getReadinessProbe().getExec().getCommand());
    assertNull(exec.getReadinessProbe().getHttpGet());
    assertEquals("/healthz", exec.getLivenessProbe().getHttpGet().getPath());
  }

  @Test
  void jvmOptionsSizeDirectMemoryForTheCacheAndKeepTheHeapSmall() {
    var mc = TestClusters.cluster("c", "ns");
    mc.getSpec().setMemory("1Gi");
    var env = cacheContainer(desired(mc)).getEnv();
    assertEquals("JDK_JAVA_OPTIONS", env.get(0).getName());
    String options = env.get(0).getValue();
    assertTrue(options.contains("-XX:MaxDirectMemorySize=1356m"), options);
    assertTrue(options.contains("-Xmx64m"), options);
  }

  @Test
  void userLabelsReachThePodsButNeverTheSelector() {
    var mc = TestClusters.cluster("c", "ns");
    mc.getSpec().setPodLabels(Map.of("team", "checkout", "app.kubernetes.io/instance", "evil"));
    mc.getSpec().setPodAnnotations(Map.of("example.com/owner", "alice"));
    var sts = desired(mc);
    var labels = sts.getSpec().getTemplate().getMetadata().getLabels();
    assertEquals("checkout", labels.get("team"));
    assertEquals("c", labels.get("app.kubernetes.io/instance"), "operator labels override");
    assertEquals(
        Map.of(
            "app.kubernetes.io/name", "memkube",
            "app.kubernetes.io/instance", "c",
            "app.kubernetes.io/component", "cache"),
        sts.getSpec().getSelector().getMatchLabels());
    assertEquals(
        "alice",
        sts.getSpec().getTemplate().getMetadata().getAnnotations().get("example.com/owner"));
  }

  @Test
  void rollsOnePodAtATimeAndStartsPodsInParallel() {
    var sts = desired(TestClusters.cluster("c", "ns"));
    assertEquals("RollingUpdate", sts.getSpec().getUpdateStrategy().getType());
    assertEquals(0, sts.getSpec().getUpdateStrategy().getRollingUpdate().getPartition());
    assertNull(
        sts.getSpec().getUpdateStrategy().getRollingUpdate().getMaxUnavailable(),
        "default maxUnavailable 1: one pod at a time");
    assertEquals("Parallel", sts.getSpec().getPodManagementPolicy());
    assertEquals("c", sts.getSpec().getServiceName());
  }

  @Test
  void replicasComeFromTheScalingPlanNotStraightFromTheSpec() {
    var mc = TestClusters.cluster("c", "ns");
    mc.getSpec().setReplicas(3);
    var base = TestClusters.stablePlan(mc);
    var draining =
        new ClusterPlan(
            base.cluster(),
            base.settings(),
            new RingPlan(5, RingState.of(3), ScalingStep.DrainingRemovedServers, "x", null));
    assertEquals(5, CacheStatefulSetDependent.desired(draining).getSpec().getReplicas());
  }

  @Test
  void imageDefaultsToTheOperatorsAndSpecImageWins() {
    var mc = TestClusters.cluster("c", "ns");
    assertEquals("memkube/cache-server:test", cacheContainer(desired(mc)).getImage());
    mc.getSpec().setImage("memcached:1.6");
    assertEquals("memcached:1.6", cacheContainer(desired(mc)).getImage());
  }

  @Test
  void metricsAddAnExporterSidecarToAForeignImageOnly() {
    var mc = TestClusters.cluster("c", "ns");
    mc.getSpec().setMetrics(new MetricsSpec());
    mc.getSpec().getMetrics().setEnabled(true);
    // memkube's server serves /metrics on its health port itself
    var own = desired(mc).getSpec().getTemplate().getSpec().getContainers();
    assertEquals(List.of("cache-server"), own.stream().map(c -> c.getName()).toList());
    assertTrue(
        own.get(0).getArgs().stream().anyMatch(a -> a.startsWith("--health-port")),
        own.get(0).getArgs().toString());
    mc.getSpec().setImage("memcached:1.6");
    var containers = desired(mc).getSpec().getTemplate().getSpec().getContainers();
    assertEquals(2, containers.size());
    assertEquals("exporter", containers.get(1).getName());
    assertEquals(9150, containers.get(1).getPorts().get(0).getContainerPort());
  }

  @Test
  void withoutUserAffinityPodsPreferDifferentNodes() {
    var affinity = desired(TestClusters.cluster("c", "ns")).getSpec().getTemplate().getSpec();
    assertNotNull(affinity.getAffinity().getPodAntiAffinity());
  }
}
