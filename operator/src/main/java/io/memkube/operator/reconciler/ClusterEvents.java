package io.memkube.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.api.v1alpha1.MemcachedClusterStatus;
import io.memkube.operator.scaling.RingState;
import io.memkube.operator.status.Conditions;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Kubernetes Events for each step the cluster takes: one Event per change of a condition's status,
 * reason or message, so {@code kubectl describe mcc NAME} tells the story (scaling steps, rollouts,
 * pause, problems) without an Event per reconciliation.
 */
final class ClusterEvents {

  private static final Logger LOG = Logger.getLogger(ClusterEvents.class);
  private static final String COMPONENT = "memkube-operator";

  private final KubernetesClient client;

  ClusterEvents(KubernetesClient client) {
    this.client = client;
  }

  /** Records the condition changes between two statuses. */
  void recordChanges(
      MemcachedCluster mc, MemcachedClusterStatus before, MemcachedClusterStatus after) {
    List<Condition> old = before == null ? List.of() : before.getConditions();
    for (Condition now : after.getConditions()) {
      var previous = Conditions.find(old, now.getType());
      boolean changed =
          previous.isEmpty()
              || !Objects.equals(previous.get().getStatus(), now.getStatus())
              || !Objects.equals(previous.get().getReason(), now.getReason())
              || !Objects.equals(previous.get().getMessage(), now.getMessage());
      // A new cluster is neither degraded nor available yet: saying so adds nothing to the
      // Progressing Event of its first status (one Event request less per new cluster).
      boolean quietStart =
          previous.isEmpty()
              && (MemcachedClusterStatus.DEGRADED.equals(now.getType())
                  || MemcachedClusterStatus.AVAILABLE.equals(now.getType()))
              && "False".equals(now.getStatus());
      if (changed && !quietStart) {
        boolean warning =
            MemcachedClusterStatus.DEGRADED.equals(now.getType()) && "True".equals(now.getStatus());
        emit(mc, warning ? "Warning" : "Normal", now.getReason(), now.getMessage());
      }
    }
  }

  /** An Event when the proxies' ring changed size ({@link RingChange}). */
  void recordRingChange(MemcachedCluster mc, RingState before, RingState after) {
    RingChange.message(mc.getMetadata().getName(), before, after)
        .ifPresent(message -> emit(mc, "Normal", RingChange.REASON, message));
  }

  private void emit(MemcachedCluster mc, String type, String reason, String message) {
    Instant now = Instant.now();
    try {
      client
          .v1()
          .events()
          .inNamespace(mc.getMetadata().getNamespace())
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withGenerateName(mc.getMetadata().getName() + ".")
                  .withNamespace(mc.getMetadata().getNamespace())
                  .endMetadata()
                  .withNewInvolvedObject()
                  .withApiVersion(mc.getApiVersion())
                  .withKind(mc.getKind())
                  .withName(mc.getMetadata().getName())
                  .withNamespace(mc.getMetadata().getNamespace())
                  .withUid(mc.getMetadata().getUid())
                  .withResourceVersion(mc.getMetadata().getResourceVersion())
                  .endInvolvedObject()
                  .withType(type)
                  .withReason(reason)
                  .withMessage(message)
                  .withCount(1)
                  .withFirstTimestamp(now.toString())
                  .withLastTimestamp(now.toString())
                  .withNewSource()
                  .withComponent(COMPONENT)
                  .endSource()
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      // An Event is a courtesy: losing one must not fail or repeat the reconciliation.
      LOG.warnf("could not record event %s for %s: %s", reason, mc.getMetadata().getName(), e);
    }
  }
}
