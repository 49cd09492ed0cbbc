package io.memkube.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.operator.naming.ClusterLabels;
import io.memkube.operator.proxy.ProxyConfigRenderer;
import io.memkube.operator.scaling.ProxyAgreement;
import io.memkube.operator.scaling.RingState;
import io.memkube.proxy.configmodel.parse.ConfigReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What memkube's proxies report about the config they run: each writes the md5 of its config
 * (mcrouter's {@code __mcrouter__.config_md5_digest}) under its node's name into the ConfigMap
 * {@code NAME-proxy-status}. Compared with the md5 of the configuration the operator renders for a
 * ring, for the proxy pods running now (a node that lost its proxy keeps a stale entry, which no
 * running pod names).
 */
final class ProxyReports {

  private ProxyReports() {}

  /** The running proxy pods of the cluster, listed once per reconciliation. */
  static List<Pod> listProxies(KubernetesClient client, MemcachedCluster mc) {
    return client
        .pods()
        .inNamespace(mc.getMetadata().getNamespace())
        .withLabels(ClusterLabels.selector(mc, ClusterLabels.PROXY))
        .list()
        .getItems()
        .stream()
        .filter(ProxyReports::running)
        .toList();
  }

  /**
   * @param reports the reports' ConfigMap, or null when it does not exist yet
   * @param clusterDomain for rendering the configuration
   */
  static Function<RingState, ProxyAgreement> agreement(
      MemcachedCluster mc, List<Pod> proxies, ConfigMap reports, String clusterDomain) {
    Map<String, String> reported =
        reports == null || reports.getData() == null ? Map.of() : reports.getData();
    TreeSet<String> nodes = new TreeSet<>();
    for (Pod p : proxies) {
      nodes.add(p.getSpec().getNodeName());
    }
    return ring -> {
      String md5 =
          ConfigReader.md5(
              ProxyConfigRenderer.render(mc, ring.size(), ring.restarting(), clusterDomain));
      List<String> behind = new ArrayList<>();
      List<String> silent = new ArrayList<>();
      for (String node : nodes) {
        String digest = reported.get(node);
        if (digest == null) {
          silent.add(node);
        } else if (!digest.equals(md5)) {
          behind.add(node);
        }
      }
      return new ProxyAgreement(true, nodes.size(), behind, silent);
    };
  }

  /**
   * A proxy that can run a config: scheduled, its containers started, not being deleted. A pod
   * still pending loads the ConfigMap as it is when it starts, so it is not waited for.
   */
  private static boolean running(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() == null
        && pod.getSpec() != null
        && pod.getSpec().getNodeName() != null
        && pod.getStatus() != null
        && "Running".equals(pod.getStatus().getPhase());
  }
}
