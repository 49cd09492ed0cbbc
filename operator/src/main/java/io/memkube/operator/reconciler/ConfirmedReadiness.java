package io.memkube.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.operator.naming.ClusterNames;
import io.memkube.operator.scaling.ServerRoll;
import java.time.Instant;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * The cache pods' readiness as the informer's cache has it, except that a Ready there is confirmed
 * with a GET of that one pod before the planner acts on it. Ready is what moves keys: a server
 * joins the ring when its pod is Ready, and a rolled server takes its keys back from its stand-in
 * once its new pod has been Ready for a while. The cache lags the API server (by the watch's delay,
 * and for longer while the watch reconnects), so it may still show Ready a pod that has since
 * failed its probe, been deleted or been replaced: keys moved on that would go to a server that
 * does not answer. A not-Ready in the cache is taken as it is: it moves no key, and the pod's
 * turning Ready is an event that reconciles the cluster again.
 *
 * <p>Only Ready answers cost a request, and the planner asks only while a server is joining or
 * coming back, so a settled cluster makes none. The revisions stay the cache's: a stale revision
 * holds the roll back (the pod looks not yet updated), it never moves keys early.
 */
final class ConfirmedReadiness {

  private final KubernetesClient client;
  private final MemcachedCluster mc;

  ConfirmedReadiness(KubernetesClient client, MemcachedCluster mc) {
    this.client = client;
    this.mc = mc;
  }

  /** Whether pod {@code NAME-ordinal} is Ready: the cache's answer, a Ready one confirmed. */
  IntPredicate ready(IntPredicate cached) {
    return ordinal -> cached.test(ordinal) && PodReadiness.ready(live(ordinal));
  }

  /**
   * The cache's revisions, and since when a pod is Ready as the API server has it now (null when
   * the pod there is not Ready or is another revision than the cache's, a newer pod).
   */
  ServerRoll.PodRevisions revisions(ServerRoll.PodRevisions cached) {
    return new ServerRoll.PodRevisions() {
      @Override
      public String revision(int ordinal) {
        return cached.revision(ordinal);
      }

      @Override
      public Instant readySince(int ordinal) {
        if (cached.readySince(ordinal) == null) {
          return null;
        }
        Pod pod = live(ordinal);
        return Objects.equals(PodReadiness.revision(pod), cached.revision(ordinal))
            ? PodReadiness.readySince(pod)
            : null;
      }
    };
  }

  private Pod live(int ordinal) {
    return client
        .pods()
        .inNamespace(mc.getMetadata().getNamespace())
        .withName(ClusterNames.servers(mc) + "-" + ordinal)
        .get();
  }
}
