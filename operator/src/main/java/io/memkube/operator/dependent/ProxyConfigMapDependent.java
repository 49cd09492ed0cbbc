package io.memkube.operator.dependent;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.operator.naming.ClusterLabels;
import io.memkube.operator.naming.ClusterNames;
import io.memkube.operator.proxy.ProxyConfigRenderer;
import io.memkube.operator.scaling.RingState;

/**
 * ConfigMap {@code NAME-proxy}: the proxies' mcrouter configuration for the current ring, with the
 * ring's state in its annotations. The proxies watch the mounted file and reload it, so a change
 * here restarts nothing. When the proxy refuses the config the spec makes, the plan holds the one
 * the proxies run (and its ring), so it is written again unchanged.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterLabels.MANAGED_SELECTOR))
public class ProxyConfigMapDependent
    extends CRUDKubernetesDependentResource<ConfigMap, MemcachedCluster> {

  public ProxyConfigMapDependent() {
    super(ConfigMap.class);
  }

  /**
   * The SDK leaves ConfigMaps out of server-side apply by default; this one follows the operator's
   * SSA setting like every other owned object ({@code quarkus.operator-sdk.enable-ssa}).
   */
  @Override
  protected boolean useSSA(Context<MemcachedCluster> context) {
    return context
        .getControllerConfiguration()
        .getConfigurationService()
        .ssaBasedCreateUpdateMatchForDependentResources();
  }

  @Override
  protected ConfigMap desired(MemcachedCluster primary, Context<MemcachedCluster> context) {
    return desired(ClusterPlan.of(context));
  }

  static ConfigMap desired(ClusterPlan plan) {
    MemcachedCluster mc = plan.cluster();
    // No ring when the proxy is being disabled: the SDK still asks for the object to delete it.
    var ring = plan.ring().ring() != null ? plan.ring().ring() : RingState.of(0);
    return new ConfigMapBuilder()
        .withMetadata(OwnedMetadata.of(mc, ClusterNames.proxy(mc), ClusterLabels.PROXY))
        .editMetadata()
        .withAnnotations(ring.toAnnotations())
        .endMetadata()
        .addToData(
            ProxyConfigRenderer.CONFIG_KEY,
            plan.heldProxyConfig() != null
                ? plan.heldProxyConfig()
                : ProxyConfigRenderer.render(
                    mc, ring.size(), ring.restarting(), plan.settings().clusterDomain()))
        .build();
  }
}
