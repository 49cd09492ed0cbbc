package io.memkube.operator.dependent;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.api.v1alpha1.MemcachedClusterSpec;
import io.memkube.operator.cache.CacheJvmOptions;
import io.memkube.operator.cache.CacheResources;
import io.memkube.operator.cache.CacheServerArgs;
import io.memkube.operator.image.BundledImage;
import io.memkube.operator.naming.ClusterLabels;
import io.memkube.operator.naming.ClusterNames;
import java.util.ArrayList;
import java.util.List;

/**
 * StatefulSet {@code NAME}: the cache servers. Pods start in parallel (a cache has no start order),
 * and a change of the pod template rolls them one at a time, highest ordinal first, each Ready
 * before the next goes. The replica count comes from ring-safe scaling, not straight from the spec.
 */
@KubernetesDependent(
    informer =
        @Informer(
            labelSelector = ClusterLabels.MANAGED_SELECTOR,
            onUpdateFilter = StatefulSetProgressChanged.class))
public class CacheStatefulSetDependent
    extends CRUDKubernetesDependentResource<StatefulSet, MemcachedCluster> {

  static final String CONTAINER = "cache-server";
  static final String EXPORTER = "exporter";

  public CacheStatefulSetDependent() {
    super(StatefulSet.class);
  }

  @Override
  protected StatefulSet desired(MemcachedCluster primary, Context<MemcachedCluster> context) {
    return desired(ClusterPlan.of(context));
  }

  static StatefulSet desired(ClusterPlan plan) {
    MemcachedCluster mc = plan.cluster();
    MemcachedClusterSpec spec = mc.getSpec();
    boolean memkubeServer = plan.memkubeServer();
    List<ContainerPort> ports = new ArrayList<>();
    ports.add(port("memcache", ClusterNames.SERVER_PORT));
    if (memkubeServer) {
      ports.add(port(ProtocolProbes.HEALTH_PORT_NAME, ClusterNames.HEALTH_PORT));
    }
    List<Container> containers = new ArrayList<>();
    containers.add(
        new ContainerBuilder()
            .withName(CONTAINER)
            .withImage(BundledImage.of(spec.getImage(), plan.settings().cacheServerImage()))
            .withArgs(args(plan, memkubeServer))
            .withPorts(ports)
            .withResources(CacheResources.of(spec, plan.settings()))
            .addNewEnv()
            .withName("JDK_JAVA_OPTIONS")
            .withValue(CacheJvmOptions.of(spec))
            .endEnv()
            .withReadinessProbe(
                ProtocolProbes.readiness(
                    memkubeServer,
                    ClusterNames.SERVER_PORT,
                    plan.settings().cacheReadinessCommand()))
            .withLivenessProbe(ProtocolProbes.liveness(memkubeServer, ClusterNames.SERVER_PORT))
            .withSecurityContext(RestrictedSecurity.container())
            .withVolumeMounts(RestrictedSecurity.tmpMount())
            .addAllToVolumeMounts(
                plan.serversCheckLogins() ? List.of(AuthFileVolume.mount()) : List.of())
            .addAllToVolumeMounts(plan.tlsEnabled() ? List.of(TlsFiles.mount()) : List.of())
            .build());
    if (exporterSidecar(plan, memkubeServer)) {
      // memkube's server serves memcached_exporter's metrics itself (/metrics on the health port)
      containers.add(exporter(plan));
    }
    return new StatefulSetBuilder()
        .withMetadata(OwnedMetadata.of(mc, ClusterNames.servers(mc), ClusterLabels.CACHE))
        .withNewSpec()
        .withReplicas(plan.ring().statefulSetReplicas())
        .withMinReadySeconds(StopTimings.CACHE_MIN_READY_SECONDS)
        .withServiceName(ClusterNames.servers(mc))
        .withPodManagementPolicy("Parallel")
        .withNewSelector()
        .withMatchLabels(ClusterLabels.selector(mc, ClusterLabels.CACHE))
        .endSelector()
        .withNewUpdateStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withPartition(plan.ring().partition())
        .endRollingUpdate()
        .endUpdateStrategy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(ClusterLabels.pod(mc, ClusterLabels.CACHE))
        // memcached's image reads its certificate and -Y file only at start: a changed Secret
        // changes the template, which rolls the pods (memkube's server reloads them itself)
        .withAnnotations(
            plan.secretDigests()
                .podAnnotations(
                    spec.getPodAnnotations(),
                    memkubeServer,
                    plan.tlsEnabled(),
                    plan.serversCheckLogins()))
        .endMetadata()
        .withNewSpec()
        .withContainers(containers)
        .withSecurityContext(RestrictedSecurity.pod())
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withTerminationGracePeriodSeconds(StopTimings.CACHE_GRACE_SECONDS)
        .withAffinity(spec.getAffinity() != null ? spec.getAffinity() : spreadOverNodes(mc))
        .withTolerations(spec.getTolerations())
        .withNodeSelector(spec.getNodeSelector())
        .withTopologySpreadConstraints(spec.getTopologySpreadConstraints())
        .withPriorityClassName(spec.getPriorityClassName())
        .withVolumes(RestrictedSecurity.tmpVolume())
        .addAllToVolumes(plan.serversCheckLogins() ? List.of(AuthFileVolume.volume(mc)) : List.of())
        .addAllToVolumes(plan.tlsEnabled() ? List.of(TlsFiles.volume(plan)) : List.of())
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /**
   * memcached's flags from the spec, then {@code -Y} (clients log in before anything is served),
   * {@code -Z} (TLS) and, for memkube's server, the drain on SIGTERM and the watch of the mounted
   * files (a rotated Secret reaches the running server, whose cache stays).
   */
  static List<String> args(ClusterPlan plan, boolean memkubeServer) {
    List<String> all =
        new ArrayList<>(
            withDrain(CacheServerArgs.of(plan.cluster().getSpec(), memkubeServer), memkubeServer));
    if (plan.serversCheckLogins()) {
      all.add("-Y");
      all.add(AuthFileVolume.FILE);
    }
    if (plan.tlsEnabled()) {
      all.addAll(TlsFiles.serverArgs(plan));
      if (exporterSidecar(plan, memkubeServer)) {
        // memcached_exporter speaks plaintext: a listener for it on loopback only
        int l = all.indexOf("-l");
        all.set(l + 1, all.get(l + 1) + ",notls:127.0.0.1:" + ClusterNames.LOOPBACK_PLAINTEXT_PORT);
      }
    }
    if (memkubeServer && plan.watchesFiles()) {
      all.add(TlsFiles.watchFlag());
    }
    return all;
  }

  /** Another image than memkube's serves its metrics through memcached_exporter. */
  private static boolean exporterSidecar(ClusterPlan plan, boolean memkubeServer) {
    return plan.metricsEnabled() && !memkubeServer;
  }

  /** memkube's server drains on SIGTERM (another image, e.g. memcached, knows no such flag). */
  private static List<String> withDrain(List<String> args, boolean memkubeServer) {
    if (!memkubeServer) {
      return args;
    }
    List<String> all = new ArrayList<>(args);
    all.add(
        "--shutdown-drain-seconds=" + StopTimings.drainSeconds(StopTimings.CACHE_GRACE_SECONDS));
    return all;
  }

  private static ContainerPort port(String name, int number) {
    return new ContainerPortBuilder()
        .withName(name)
        .withContainerPort(number)
        .withProtocol("TCP")
        .build();
  }

  /** Without an affinity of the user's, prefer one cache pod per node: a node loss costs less. */
  private static Affinity spreadOverNodes(MemcachedCluster mc) {
    return new AffinityBuilder()
        .withNewPodAntiAffinity()
        .addNewPreferredDuringSchedulingIgnoredDuringExecution()
        .withWeight(100)
        .withNewPodAffinityTerm()
        .withTopologyKey("kubernetes.io/hostname")
        .withNewLabelSelector()
        .withMatchLabels(ClusterLabels.selector(mc, ClusterLabels.CACHE))
        .endLabelSelector()
        .endPodAffinityTerm()
        .endPreferredDuringSchedulingIgnoredDuringExecution()
        .endPodAntiAffinity()
        .build();
  }

  private static Container exporter(ClusterPlan plan) {
    var metrics = plan.cluster().getSpec().getMetrics();
    return new ContainerBuilder()
        .withName(EXPORTER)
        .withImage(
            metrics.getImage() != null ? metrics.getImage() : plan.settings().exporterImage())
        .withArgs(
            "--memcached.address=127.0.0.1:"
                + (plan.tlsEnabled()
                    ? ClusterNames.LOOPBACK_PLAINTEXT_PORT
                    : ClusterNames.SERVER_PORT))
        .addNewPort()
        .withName("metrics")
        .withContainerPort(ClusterNames.METRICS_PORT)
        .withProtocol("TCP")
        .endPort()
        .withNewResources()
        .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("10m"))
        .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("32Mi"))
        .addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("64Mi"))
        .endResources()
        .withSecurityContext(RestrictedSecurity.container())
        .build();
  }
}
