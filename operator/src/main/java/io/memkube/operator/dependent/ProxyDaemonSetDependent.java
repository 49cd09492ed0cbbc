package io.memkube.operator.dependent;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.memkube.api.v1alpha1.DeleteStreamSpec;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.api.v1alpha1.ProxySpec;
import io.memkube.operator.image.BundledImage;
import io.memkube.operator.naming.ClusterLabels;
import io.memkube.operator.naming.ClusterNames;
import io.memkube.operator.proxy.ProxyConfigRenderer;
import java.util.ArrayList;
import java.util.List;

/**
 * DaemonSet {@code NAME-proxy}: one proxy per node, on the node's port (hostPort) so that an
 * application pod reaches the proxy of its own node at {@code status.hostIP}. The pod template
 * carries no hash of the configuration on purpose: the proxy reloads it, so a scaling step does not
 * restart the proxies.
 *
 * <p>memkube's proxy also watches the ConfigMap through the API with its own ServiceAccount (the
 * kubelet refreshes a mounted ConfigMap only every minute or so; the mounted file stays the
 * fallback), reports the config it runs under its node's name, and warms ring changes up.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterLabels.MANAGED_SELECTOR))
public class ProxyDaemonSetDependent
    extends CRUDKubernetesDependentResource<DaemonSet, MemcachedCluster> {

  static final String CONTAINER = "proxy";
  static final String CONFIG_DIR = "/etc/memkube/proxy";
  static final String NODE_NAME = "NODE_NAME";
  static final String PLAINTEXT_PORT_NAME = "memcache";
  static final String TLS_PORT_NAME = "memcache-tls";

  public ProxyDaemonSetDependent() {
    super(DaemonSet.class);
  }

  @Override
  protected DaemonSet desired(MemcachedCluster primary, Context<MemcachedCluster> context) {
    return desired(ClusterPlan.of(context));
  }

  static DaemonSet desired(ClusterPlan plan) {
    MemcachedCluster mc = plan.cluster();
    ProxySpec proxy = mc.getSpec().getProxy();
    ResourceRequirements resources = resources(proxy);
    int port = proxy.getPort();
    boolean memkubeProxy = BundledImage.isBundled(proxy.getImage(), plan.settings().proxyImage());
    List<ContainerPort> ports = new ArrayList<>();
    // With TLS and no clientPlaintext, the plaintext port still listens (the probes' round trip
    // goes through it) but is neither declared nor a hostPort.
    if (plan.proxyClientPlaintext()) {
      ports.add(clientPort(PLAINTEXT_PORT_NAME, port, proxy.getHostPort()));
    }
    if (plan.tlsEnabled()) {
      ports.add(clientPort(TLS_PORT_NAME, tlsPort(plan), proxy.getHostPort()));
    }
    List<String> args =
        new ArrayList<>(
            List.of(
                "-p",
                Integer.toString(port),
                "--config",
                "file:" + CONFIG_DIR + "/" + ProxyConfigRenderer.CONFIG_KEY,
                "--num-proxies=" + ProxyThreads.of(resources)));
    DeleteStreamSpec deletes = proxy.getRouting().getDeleteStream();
    boolean spool = memkubeProxy && Boolean.TRUE.equals(deletes.getEnabled());
    if (memkubeProxy) {
      args.addAll(DeleteSpoolVolume.args(deletes));
    }
    if (memkubeProxy) {
      // probe endpoints answered by a version round trip through the proxy's own port
      int healthPort = ClusterNames.proxyHealthPort(port, tlsPort(plan));
      args.add("--health-port=" + healthPort);
      args.add(
          "--shutdown-drain-seconds=" + StopTimings.drainSeconds(StopTimings.PROXY_GRACE_SECONDS));
      String ns = mc.getMetadata().getNamespace();
      args.add("--config-map=" + ns + "/" + ClusterNames.proxy(mc));
      args.add("--report-config-to=" + ns + "/" + ClusterNames.proxyReports(mc));
      args.add("--report-key=$(" + NODE_NAME + ")");
      args.add("--ring-change-warmup-seconds=" + plan.settings().proxyRingWarmUp().toSeconds());
      args.add(
          "--tko-failover-exptime-seconds="
              + plan.settings().proxyTkoFailoverExptime().toSeconds());
      ports.add(
          new ContainerPortBuilder()
              .withName(ProtocolProbes.HEALTH_PORT_NAME)
              .withContainerPort(healthPort)
              .withProtocol("TCP")
              .build());
    }
    // Only memkube's proxy checks logins (the reconciler refuses auth with another image).
    boolean checkLogins = memkubeProxy && plan.proxiesCheckLogins();
    if (checkLogins) {
      // its clients log in to it, and it logs in to the servers (-Y) with the first entry
      args.add("--auth-file=" + AuthFileVolume.FILE);
      args.add("--pool-credentials-file=" + AuthFileVolume.FILE);
    }
    if (plan.tlsEnabled()) {
      args.addAll(TlsFiles.proxyArgs(plan));
    }
    if (memkubeProxy && plan.watchesFiles()) {
      args.add(TlsFiles.watchFlag());
    }
    return new DaemonSetBuilder()
        .withMetadata(OwnedMetadata.of(mc, ClusterNames.proxy(mc), ClusterLabels.PROXY))
        .withNewSpec()
        .withNewSelector()
        .withMatchLabels(ClusterLabels.selector(mc, ClusterLabels.PROXY))
        .endSelector()
        .withNewUpdateStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withMaxUnavailable(new IntOrString(1))
        .endRollingUpdate()
        .endUpdateStrategy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(ClusterLabels.pod(mc, ClusterLabels.PROXY))
        // mcrouter is not known to reload its certificate files: a changed TLS Secret rolls it
        // (memkube's proxy reloads them itself; a proxy restart costs no cache)
        .withAnnotations(
            plan.secretDigests()
                .podAnnotations(
                    mc.getSpec().getPodAnnotations(), memkubeProxy, plan.tlsEnabled(), checkLogins))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(CONTAINER)
        .withImage(BundledImage.of(proxy.getImage(), plan.settings().proxyImage()))
        .withArgs(args)
        .withEnv(memkubeProxy ? List.of(nodeName()) : List.of())
        .withPorts(ports)
        .withResources(resources)
        .addAllToVolumeMounts(spool ? List.of(DeleteSpoolVolume.mount()) : List.of())
        .addAllToVolumeMounts(checkLogins ? List.of(AuthFileVolume.mount()) : List.of())
        .addAllToVolumeMounts(plan.tlsEnabled() ? List.of(TlsFiles.mount()) : List.of())
        .withReadinessProbe(ProtocolProbes.readiness(memkubeProxy, port, List.of()))
        .withLivenessProbe(ProtocolProbes.liveness(memkubeProxy, port))
        .withSecurityContext(RestrictedSecurity.container())
        .addToVolumeMounts(
            // The whole directory, not a subPath: only a directory mount sees ConfigMap updates.
            new VolumeMountBuilder()
                .withName("config")
                .withMountPath(CONFIG_DIR)
                .withReadOnly(true)
                .build(),
            RestrictedSecurity.tmpMount())
        .endContainer()
        .withSecurityContext(RestrictedSecurity.pod())
        // Only memkube's proxy talks to the API server, with its own ServiceAccount's token.
        .withServiceAccountName(memkubeProxy ? ClusterNames.proxy(mc) : null)
        .withAutomountServiceAccountToken(memkubeProxy)
        .withEnableServiceLinks(false)
        .withTerminationGracePeriodSeconds(StopTimings.PROXY_GRACE_SECONDS)
        .withNodeSelector(proxy.getNodeSelector())
        .withTolerations(proxy.getTolerations())
        .withPriorityClassName(mc.getSpec().getPriorityClassName())
        .addToVolumes(
            new VolumeBuilder()
                .withName("config")
                .withNewConfigMap()
                .withName(ClusterNames.proxy(mc))
                .endConfigMap()
                .build(),
            RestrictedSecurity.tmpVolume())
        .addAllToVolumes(spool ? List.of(DeleteSpoolVolume.volume(deletes)) : List.of())
        .addAllToVolumes(checkLogins ? List.of(AuthFileVolume.volume(mc)) : List.of())
        .addAllToVolumes(plan.tlsEnabled() ? List.of(TlsFiles.volume(plan)) : List.of())
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /**
   * The proxies' TLS port for clients, or the plaintext port when TLS is off (then it takes no
   * other port).
   */
  static int tlsPort(ClusterPlan plan) {
    return plan.tlsEnabled()
        ? plan.cluster().getSpec().getTls().getProxyPort()
        : plan.cluster().getSpec().getProxy().getPort();
  }

  private static ContainerPort clientPort(String name, int port, boolean hostPort) {
    var containerPort =
        new ContainerPortBuilder().withName(name).withContainerPort(port).withProtocol("TCP");
    if (hostPort) {
      containerPort.withHostPort(port);
    }
    return containerPort.build();
  }

  /** The node's name, this proxy's key in the reports' ConfigMap (one proxy per node). */
  private static EnvVar nodeName() {
    return new EnvVarBuilder()
        .withName(NODE_NAME)
        .withNewValueFrom()
        .withNewFieldRef()
        // the API server's default, spelled out: without it the SDK's server-side-apply matcher
        // saw a difference on every reconciliation and applied the DaemonSet again each time
        .withApiVersion("v1")
        .withFieldPath("spec.nodeName")
        .endFieldRef()
        .endValueFrom()
        .build();
  }

  private static ResourceRequirements resources(ProxySpec proxy) {
    if (proxy.getResources() != null) {
      return proxy.getResources();
    }
    return new ResourceRequirementsBuilder()
        .addToRequests("cpu", new Quantity("100m"))
        .addToRequests("memory", new Quantity("128Mi"))
        .addToLimits("memory", new Quantity("512Mi"))
        .build();
  }
}
