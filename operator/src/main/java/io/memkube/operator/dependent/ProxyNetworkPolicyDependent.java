package io.memkube.operator.dependent;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.operator.naming.ClusterLabels;
import io.memkube.operator.naming.ClusterNames;
import java.util.ArrayList;
import java.util.List;

/**
 * NetworkPolicy {@code NAME-proxy} on the proxy pods: the proxy's port admits {@code
 * allowedClients}, or everyone when the list is empty. Open by default because the applications
 * reach the proxy through its node's hostPort, and the operator cannot know them: a closed default
 * would cut every existing client off the moment the policy is turned on. (With the CNI portmap
 * plugin the policy sees the client pod's own address, so pod and namespace selectors work; a
 * client on the host network is seen as the node's address and needs an ipBlock.)
 */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterLabels.MANAGED_SELECTOR))
public class ProxyNetworkPolicyDependent
    extends CRUDKubernetesDependentResource<NetworkPolicy, MemcachedCluster> {

  public ProxyNetworkPolicyDependent() {
    super(NetworkPolicy.class);
  }

  @Override
  protected NetworkPolicy desired(MemcachedCluster primary, Context<MemcachedCluster> context) {
    return desired(ClusterPlan.of(context));
  }

  static NetworkPolicy desired(ClusterPlan plan) {
    MemcachedCluster mc = plan.cluster();
    int port = mc.getSpec().getProxy().getPort();
    int tlsPort = ProxyDaemonSetDependent.tlsPort(plan);
    List<Integer> dataPorts = new ArrayList<>();
    if (plan.proxyClientPlaintext()) {
      dataPorts.add(port);
    }
    if (plan.tlsEnabled()) {
      dataPorts.add(tlsPort);
    }
    List<NetworkPolicyPeer> clients = ClusterNetworkPolicies.allowedClients(mc);
    List<NetworkPolicyIngressRule> rules = new ArrayList<>();
    for (int dataPort : dataPorts) {
      if (clients.isEmpty()) {
        rules.add(ClusterNetworkPolicies.fromAnywhere(dataPort));
      } else {
        rules.addAll(ClusterNetworkPolicies.onlyFrom(clients, dataPort));
      }
    }
    rules.add(ClusterNetworkPolicies.fromAnywhere(ClusterNames.proxyHealthPort(port, tlsPort)));
    return new NetworkPolicyBuilder()
        .withMetadata(OwnedMetadata.of(mc, ClusterNames.proxy(mc), ClusterLabels.PROXY))
        .withNewSpec()
        .withNewPodSelector()
        .withMatchLabels(ClusterLabels.selector(mc, ClusterLabels.PROXY))
        .endPodSelector()
        .withPolicyTypes("Ingress")
        .withIngress(rules)
        .endSpec()
        .build();
  }
}
