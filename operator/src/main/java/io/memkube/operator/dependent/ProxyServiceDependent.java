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
import io.memkube.operator.naming.ClusterLabels;
import io.memkube.operator.naming.ClusterNames;
import java.util.ArrayList;
import java.util.List;

/** Service {@code NAME-proxy} (ClusterIP): the proxies, for clients that do not use hostPort. */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterLabels.MANAGED_SELECTOR))
public class ProxyServiceDependent
    extends CRUDKubernetesDependentResource<Service, MemcachedCluster> {

  public ProxyServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service desired(MemcachedCluster primary, Context<MemcachedCluster> context) {
    return desired(ClusterPlan.of(context));
  }

  static Service desired(ClusterPlan plan) {
    MemcachedCluster mc = plan.cluster();
    List<ServicePort> ports = new ArrayList<>();
    if (plan.proxyClientPlaintext()) {
      ports.add(
          port(ProxyDaemonSetDependent.PLAINTEXT_PORT_NAME, mc.getSpec().getProxy().getPort()));
    }
    if (plan.tlsEnabled()) {
      ports.add(port(ProxyDaemonSetDependent.TLS_PORT_NAME, ProxyDaemonSetDependent.tlsPort(plan)));
    }
    return new ServiceBuilder()
        .withMetadata(OwnedMetadata.of(mc, ClusterNames.proxy(mc), ClusterLabels.PROXY))
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(ClusterLabels.selector(mc, ClusterLabels.PROXY))
        .withPorts(ports)
        .endSpec()
        .build();
  }

  private static ServicePort port(String name, int port) {
    return new ServicePortBuilder()
        .withName(name)
        .withPort(port)
        .withTargetPort(new IntOrString(port))
        .withProtocol("TCP")
        .build();
  }
}
