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
 * NetworkPolicy {@code NAME} on the cache pods. Port 11211 admits the cluster's own proxies, and,
 * only when there is no proxy, {@code allowedClients}: with a proxy the applications go through it,
 * so nothing else needs the servers. The operator itself never connects to a pod (it reads the API
 * server only), so it needs no rule. The health and metrics ports stay open.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterLabels.MANAGED_SELECTOR))
public class CacheNetworkPolicyDependent
    extends CRUDKubernetesDependentResource<NetworkPolicy, MemcachedCluster> {

  public CacheNetworkPolicyDependent() {
    super(NetworkPolicy.class);
  }

  @Override
  protected NetworkPolicy desired(MemcachedCluster primary, Context<MemcachedCluster> context) {
    return desired(ClusterPlan.of(context));
  }

  static NetworkPolicy desired(ClusterPlan plan) {
    MemcachedCluster mc = plan.cluster();
    List<NetworkPolicyPeer> clients =
        plan.proxyEnabled()
            ? List.of(ClusterNetworkPolicies.podsOf(mc, ClusterLabels.PROXY))
            : ClusterNetworkPolicies.allowedClients(mc);
    List<NetworkPolicyIngressRule> rules =
        new ArrayList<>(ClusterNetworkPolicies.onlyFrom(clients, ClusterNames.SERVER_PORT));
    rules.add(
        ClusterNetworkPolicies.fromAnywhere(ClusterNames.HEALTH_PORT, ClusterNames.METRICS_PORT));
    return new NetworkPolicyBuilder()
        .withMetadata(OwnedMetadata.of(mc, ClusterNames.servers(mc), ClusterLabels.CACHE))
        .withNewSpec()
        .withNewPodSelector()
        .withMatchLabels(ClusterLabels.selector(mc, ClusterLabels.CACHE))
        .endPodSelector()
        .withPolicyTypes("Ingress")
        .withIngress(rules)
        .endSpec()
        .build();
  }
}
