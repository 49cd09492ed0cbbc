package io.memkube.operator.dependent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.api.v1alpha1.ProxySpec;
import io.memkube.operator.TestClusters;
import io.memkube.operator.scaling.RingPlan;
import io.memkube.operator.scaling.RingState;
import io.memkube.operator.scaling.ScalingStep;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The proxy's ConfigMap, DaemonSet and Service. */
class ProxyDependentsTest {

  private static Container proxyContainer(MemcachedCluster mc) {
    return ProxyDaemonSetDependent.desired(TestClusters.stablePlan(mc))
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0);
  }

  @Test
  void configMapHoldsTheRingsConfigurationAndItsState() {
    var mc = TestClusters.cluster("web", "prod");
    mc.getSpec().setReplicas(3);
    var base = TestClusters.stablePlan(mc);
    Instant at = Instant.parse("2026-11-28T06:00:00Z");
    var plan =
        new ClusterPlan(
            base.cluster(),
            base.settings(),
            new RingPlan(
                4, new RingState(3, 4, at), ScalingStep.DrainingRemovedServers, "m", null));
    var cm = ProxyConfigMapDependent.desired(plan);
    assertEquals("web-proxy", cm.getMetadata().getName());
    String json = cm.getData().get("config.json");
    assertTrue(json.contains("web-2.web.prod.svc.cluster.local:11211"), json);
    assertFalse(json.contains("web-3."), "server 3 was removed from the ring: " + json);
    assertEquals("3", cm.getMetadata().getAnnotations().get(RingState.SIZE));
    assertEquals("4", cm.getMetadata().getAnnotations().get(RingState.DRAINING_FROM));
    assertEquals(at.toString(), cm.getMetadata().getAnnotations().get(RingState.SHRUNK_AT));
  }

  @Test
  void aHeldConfigIsWrittenAgainAsItIsWithItsRing() {
    var mc = TestClusters.cluster("web", "prod");
    mc.getSpec().setReplicas(4);
    var base = TestClusters.stablePlan(mc);
    String running = "{\"route\": \"NullRoute\"}\n";
    var plan =
        new ClusterPlan(
            base.cluster(),
            base.settings(),
            new RingPlan(3, RingState.of(3), ScalingStep.Stable, "held", null, 3),
            running);
    var cm = ProxyConfigMapDependent.desired(plan);
    assertEquals(running, cm.getData().get("config.json"));
    assertEquals("3", cm.getMetadata().getAnnotations().get(RingState.SIZE));
  }

  @Test
  void daemonSetExposesTheProxyOnTheNodePortAndMountsTheConfigDirectory() {
    var mc = TestClusters.cluster("web", "prod");
    var ds = ProxyDaemonSetDependent.desired(TestClusters.stablePlan(mc));
    assertEquals("web-proxy", ds.getMetadata().getName());
    var pod = ds.getSpec().getTemplate().getSpec();
    var container = pod.getContainers().get(0);
    assertEquals(5000, container.getPorts().get(0).getContainerPort());
    assertEquals(5000, container.getPorts().get(0).getHostPort());
    assertEquals(
        List.of(
            "-p",
            "5000",
            "--config",
            "file:/etc/memkube/proxy/config.json",
            "--num-proxies=1",
            "--async-dir=/var/spool/memkube-proxy",
            "--async-spool-max-bytes=60397977",
            "--health-port=11212",
            "--shutdown-drain-seconds=10",
            "--config-map=prod/web-proxy",
            "--report-config-to=prod/web-proxy-status",
            "--report-key=$(NODE_NAME)",
            "--ring-change-warmup-seconds=0",
            "--tko-failover-exptime-seconds=0"),
        container.getArgs());
    assertEquals(15L, pod.getTerminationGracePeriodSeconds());
    var mount =
        container.getVolumeMounts().stream()
            .filter(m -> m.getName().equals("config"))
            .findFirst()
            .orElseThrow();
    assertEquals("/etc/memkube/proxy", mount.getMountPath());
    assertNull(mount.getSubPath(), "a subPath mount never sees ConfigMap updates");
    assertEquals("web-proxy", pod.getVolumes().get(0).getConfigMap().getName());
    assertEquals("memkube/proxy:test", container.getImage());
    assertTrue(container.getSecurityContext().getReadOnlyRootFilesystem());
  }

  @Test
  void theDeleteStreamIsOnByDefaultWithItsSpoolOnAnEmptyDirBoundedWithinIt() {
    var mc = TestClusters.cluster("web", "prod");
    var pod =
        ProxyDaemonSetDependent.desired(TestClusters.stablePlan(mc))
            .getSpec()
            .getTemplate()
            .getSpec();
    var volume =
        pod.getVolumes().stream()
            .filter(v -> v.getName().equals("delete-spool"))
            .findFirst()
            .orElseThrow();
    assertEquals("64Mi", volume.getEmptyDir().getSizeLimit().toString());
    assertTrue(
        pod.getContainers().get(0).getVolumeMounts().stream()
            .anyMatch(
                m ->
                    m.getName().equals("delete-spool")
                        && m.getMountPath().equals("/var/spool/memkube-proxy")));
  }

  @Test
  void aDisabledDeleteStreamTurnsTheSpoolOffAndHasNoVolume() {
    var mc = TestClusters.cluster("web", "prod");
    mc.getSpec().setProxy(new ProxySpec());
    mc.getSpec().getProxy().setRouting(new io.memkube.api.v1alpha1.RoutingSpec());
    mc.getSpec()
        .getProxy()
        .getRouting()
        .setDeleteStream(new io.memkube.api.v1alpha1.DeleteStreamSpec());
    mc.getSpec().getProxy().getRouting().getDeleteStream().setEnabled(false);
    var pod =
        ProxyDaemonSetDependent.desired(TestClusters.stablePlan(mc))
            .getSpec()
            .getTemplate()
            .getSpec();
    assertTrue(pod.getContainers().get(0).getArgs().contains("--asynclog-disable"));
    assertFalse(pod.getVolumes().stream().anyMatch(v -> v.getName().equals("delete-spool")));
  }

  @Test
  void memkubeProxyRunsAsItsOwnServiceAccountWithItsNodesName() {
    var pod =
        ProxyDaemonSetDependent.desired(
                TestClusters.stablePlan(TestClusters.cluster("web", "prod")))
            .getSpec()
            .getTemplate()
            .getSpec();
    assertEquals("web-proxy", pod.getServiceAccountName());
    assertTrue(
        pod.getAutomountServiceAccountToken(), "the proxy reads its ConfigMap through the API");
    var env = pod.getContainers().get(0).getEnv().get(0);
    assertEquals("NODE_NAME", env.getName());
    assertEquals("spec.nodeName", env.getValueFrom().getFieldRef().getFieldPath());
  }

  @Test
  void proxyRoleReadsItsOwnConfigMapAndPatchesOnlyItsReports() {
    var plan = TestClusters.stablePlan(TestClusters.cluster("web", "prod"));
    var role = ProxyRoleDependent.desired(plan);
    assertEquals("prod", role.getMetadata().getNamespace());
    assertEquals(2, role.getRules().size());
    var read = role.getRules().get(0);
    assertEquals(List.of(""), read.getApiGroups());
    assertEquals(List.of("configmaps"), read.getResources());
    assertEquals(List.of("web-proxy"), read.getResourceNames());
    assertEquals(List.of("get", "watch"), read.getVerbs());
    var report = role.getRules().get(1);
    assertEquals(List.of("web-proxy-status"), report.getResourceNames());
    assertEquals(List.of("patch"), report.getVerbs());

    var binding = ProxyRoleBindingDependent.desired(plan);
    assertEquals("web-proxy", binding.getRoleRef().getName());
    assertEquals("Role", binding.getRoleRef().getKind());
    assertEquals("web-proxy", binding.getSubjects().get(0).getName());
    assertEquals("prod", binding.getSubjects().get(0).getNamespace());
    var account = ProxyServiceAccountDependent.desired(plan);
    assertFalse(account.getAutomountServiceAccountToken(), "only the proxy pods mount a token");
    var reports = ProxyReportsConfigMapDependent.desired(plan);
    assertEquals("web-proxy-status", reports.getMetadata().getName());
    assertTrue(
        reports.getData() == null || reports.getData().isEmpty(), "the data is the proxies' own");
  }

  @Test
  void memkubeProxyGetsHttpProbesThroughItsOwnPort() {
    var container = proxyContainer(TestClusters.cluster("web", "prod"));
    var health = container.getPorts().get(1);
    assertEquals("health", health.getName());
    assertEquals(11212, health.getContainerPort());
    assertNull(health.getHostPort(), "the probe port stays inside the pod");
    assertEquals("/readyz", container.getReadinessProbe().getHttpGet().getPath());
    assertEquals("health", container.getReadinessProbe().getHttpGet().getPort().getStrVal());
    assertEquals("/healthz", container.getLivenessProbe().getHttpGet().getPath());
    assertEquals(6, container.getLivenessProbe().getFailureThreshold());
  }

  @Test
  void proxyOnPort11212MovesItsHealthPortAside() {
    var mc = TestClusters.cluster("web", "prod");
    mc.getSpec().setProxy(new ProxySpec());
    mc.getSpec().getProxy().setPort(11212);
    var container = proxyContainer(mc);
    assertEquals(
        List.of(11212, 11213),
        container.getPorts().stream().map(p -> p.getContainerPort()).toList());
    assertTrue(container.getArgs().contains("--health-port=11213"), container.getArgs().toString());
  }

  @Test
  void proxyThreadsFollowTheCpuLimitElseTheRequestRoundedUpElseOne() {
    assertEquals("--num-proxies=1", numProxiesFlag(null, null));
    assertEquals("--num-proxies=1", numProxiesFlag(null, "250m"));
    assertEquals("--num-proxies=2", numProxiesFlag(null, "1500m"));
    assertEquals("--num-proxies=4", numProxiesFlag("4", "1"));
    assertEquals("--num-proxies=1024", numProxiesFlag("5000", null));
  }

  private static String numProxiesFlag(String cpuLimit, String cpuRequest) {
    var mc = TestClusters.cluster("web", "prod");
    var resources = new ResourceRequirementsBuilder();
    resources.addToRequests("memory", new Quantity("128Mi"));
    if (cpuLimit != null) {
      resources.addToLimits("cpu", new Quantity(cpuLimit));
    }
    if (cpuRequest != null) {
      resources.addToRequests("cpu", new Quantity(cpuRequest));
    }
    mc.getSpec().setProxy(new ProxySpec());
    mc.getSpec().getProxy().setResources(resources.build());
    return proxyContainer(mc).getArgs().stream()
        .filter(a -> a.startsWith("--num-proxies="))
        .collect(Collectors.joining(" "));
  }

  @Test
  void anotherProxyImageKeepsMcroutersFlagsAndTcpProbes() {
    var mc = TestClusters.cluster("web", "prod");
    mc.getSpec().setProxy(new ProxySpec());
    mc.getSpec().getProxy().setImage("example.com/mcrouter:0.41");
    var container = proxyContainer(mc);
    assertEquals(
        List.of("-p", "5000", "--config", "file:/etc/memkube/proxy/config.json", "--num-proxies=1"),
        container.getArgs());
    assertEquals(1, container.getPorts().size());
    assertEquals(5000, container.getReadinessProbe().getTcpSocket().getPort().getIntVal());
    assertEquals(5000, container.getLivenessProbe().getTcpSocket().getPort().getIntVal());
    var pod =
        ProxyDaemonSetDependent.desired(TestClusters.stablePlan(mc))
            .getSpec()
            .getTemplate()
            .getSpec();
    assertNull(pod.getServiceAccountName(), "mcrouter neither watches nor reports");
    assertFalse(pod.getAutomountServiceAccountToken());
    assertFalse(TestClusters.stablePlan(mc).memkubeProxy());
  }

  @Test
  void daemonSetTemplateDoesNotChangeWhenOnlyTheRingChanges() {
    var mc = TestClusters.cluster("web", "prod");
    var base = TestClusters.stablePlan(mc);
    var grown =
        new ClusterPlan(
            base.cluster(),
            base.settings(),
            new RingPlan(5, RingState.of(5), ScalingStep.Stable, "m", null));
    assertEquals(
        ProxyDaemonSetDependent.desired(base).getSpec().getTemplate(),
        ProxyDaemonSetDependent.desired(grown).getSpec().getTemplate(),
        "a new ring must reach the proxies by reload, not by a rollout");
  }

  @Test
  void hostPortCanBeTurnedOffAndPortChanged() {
    var mc = TestClusters.cluster("web", "prod");
    mc.getSpec().setProxy(new ProxySpec());
    mc.getSpec().getProxy().setHostPort(false);
    mc.getSpec().getProxy().setPort(6000);
    var ds = ProxyDaemonSetDependent.desired(TestClusters.stablePlan(mc));
    var port = ds.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().get(0);
    assertEquals(6000, port.getContainerPort());
    assertNull(port.getHostPort());
    var svc = ProxyServiceDependent.desired(TestClusters.stablePlan(mc));
    assertEquals(6000, svc.getSpec().getPorts().get(0).getPort());
  }

  @Test
  void proxyServiceIsAClusterIpServiceOfTheProxyPods() {
    var svc =
        ProxyServiceDependent.desired(TestClusters.stablePlan(TestClusters.cluster("web", "prod")));
    assertEquals("web-proxy", svc.getMetadata().getName());
    assertEquals("ClusterIP", svc.getSpec().getType());
    assertEquals("proxy", svc.getSpec().getSelector().get("app.kubernetes.io/component"));
    assertEquals(5000, svc.getSpec().getPorts().get(0).getPort());
  }
}
