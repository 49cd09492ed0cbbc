package io.memkube.operator.dependent;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.operator.image.BundledImage;
import io.memkube.operator.naming.ClusterLabels;
import io.memkube.operator.naming.ClusterNames;
import java.util.ArrayList;
import java.util.List;

/**
 * Headless Service {@code NAME}: gives each cache pod its stable DNS name {@code
 * NAME-i.NAME.NS.svc}, which the proxy configuration lists. Not-ready pods are not published, so
 * clients that read the DNS records directly only see servers that answer.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterLabels.MANAGED_SELECTOR))
public class HeadlessServiceDependent
    extends CRUDKubernetesDependentResource<Service, MemcachedCluster> {

  public HeadlessServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service desired(MemcachedCluster primary, Context<MemcachedCluster> context) {
    return desired(ClusterPlan.of(context));
  }

  static Service desired(ClusterPlan plan) {
    MemcachedCluster mc = plan.cluster();
    List<ServicePort> ports = new ArrayList<>();
    ports.add(port("memcache", ClusterNames.SERVER_PORT, ClusterNames.SERVER_PORT));
    if (plan.metricsEnabled()) {
      // memkube's server answers /metrics on its health port; another image has the sidecar
      boolean memkubeServer =
          BundledImage.isBundled(mc.getSpec().getImage(), plan.settings().cacheServerImage());
      ports.add(
          port(
              ClusterNames.METRICS_PORT_NAME,
              ClusterNames.METRICS_PORT,
              memkubeServer ? ClusterNames.HEALTH_PORT : ClusterNames.METRICS_PORT));
    }
    return new ServiceBuilder()
        .withMetadata(OwnedMetadata.of(mc, ClusterNames.servers(mc), ClusterLabels.CACHE))
        .withNewSpec()
        .withClusterIP("None")
        // publishNotReadyAddresses stays unset (false): the API server omits a false value, so
        // writing it made the SDK's server-side-apply comparison see a difference on every
        // reconciliation and apply the Service again each time.
        .withSelector(ClusterLabels.selector(mc, ClusterLabels.CACHE))
        .withPorts(ports)
        .endSpec()
        .build();
  }

  private static ServicePort port(String name, int port, int targetPort) {
    return new ServicePortBuilder()
        .withName(name)
        .withPort(port)
        .withTargetPort(new IntOrString(targetPort))
        .withProtocol("TCP")
        .build();
  }
}
