package io.memkube.e2e.support;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** The cluster's nodes as a workload without tolerations sees them. */
public final class Nodes {

  private Nodes() {}

  /**
   * The nodes a pod without tolerations may run on: a DaemonSet gets one pod on each. The local
   * cluster's real node is tainted (e2e/bin/cluster) so that only the data-plane suite, which
   * tolerates it, puts pods there.
   */
  public static List<Node> withoutTaints(KubernetesClient client) {
    return client.nodes().list().getItems().stream()
        .filter(
            n ->
                n.getSpec().getTaints() == null
                    || n.getSpec().getTaints().stream()
                        .noneMatch(
                            t ->
                                "NoSchedule".equals(t.getEffect())
                                    || "NoExecute".equals(t.getEffect())))
        .toList();
  }
}
