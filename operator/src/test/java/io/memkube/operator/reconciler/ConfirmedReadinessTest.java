package io.memkube.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.operator.TestClusters;
import io.memkube.operator.apiserver.RealApiServer;
import io.memkube.operator.scaling.ServerRoll;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Ready in the informer's cache moves no key before the API server confirms it: the cache here is
 * a list of pods the test writes, the API server a real one holding the pods as they are now.
 */
class ConfirmedReadinessTest {

  private static final String SINCE = "2026-12-03T10:00:00Z";

  private static Pod pod(String ns, String name, String revision, boolean ready) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .addToLabels("controller-revision-hash", revision)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("cache-server")
        .withImage("memkube/cache-server:test")
        .endContainer()
        .endSpec()
        .withNewStatus()
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready ? "True" : "False")
        .withLastTransitionTime(SINCE)
        .endCondition()
        .endStatus()
        .build();
  }

  /** Writes the pod to the API server as the kubelet left it. */
  private static void onServer(KubernetesClient client, Pod pod) {
    Pod created = client.resource(new PodBuilder(pod).withStatus(null).build()).create();
    created.setStatus(pod.getStatus());
    client.resource(created).updateStatus();
  }

  @Test
  void aServerReadyInTheCacheJoinsOnlyWhenItsPodIsReadyOnTheApiServer() {
    RealApiServer api = RealApiServer.get();
    String ns = api.newNamespace("confirm");
    MemcachedCluster mc = TestClusters.cluster("web", ns);
    List<Pod> cache =
        List.of(
            pod(ns, "web-0", "r1", true),
            pod(ns, "web-1", "r1", true),
            pod(ns, "web-2", "r1", true));
    onServer(api.client(), pod(ns, "web-0", "r1", true));
    onServer(api.client(), pod(ns, "web-1", "r1", false)); // failed its probe since
    // web-2 was deleted since

    var ready = new ConfirmedReadiness(api.client(), mc).ready(PodReadiness.of(cache, mc));

    assertTrue(ready.test(0));
    assertFalse(ready.test(1), "Ready in the cache only");
    assertFalse(ready.test(2), "gone from the API server");
    assertFalse(ready.test(3), "in neither");
  }

  @Test
  void aRolledServerGetsItsPlaceBackOnlyOnTheReadinessOfThePodTheCacheShows() {
    RealApiServer api = RealApiServer.get();
    String ns = api.newNamespace("confirm-roll");
    MemcachedCluster mc = TestClusters.cluster("web", ns);
    List<Pod> cache = List.of(pod(ns, "web-0", "r2", true), pod(ns, "web-1", "r2", true));
    onServer(api.client(), pod(ns, "web-0", "r2", true));
    onServer(api.client(), pod(ns, "web-1", "r3", true)); // replaced again by a newer template

    ServerRoll.PodRevisions revisions =
        new ConfirmedReadiness(api.client(), mc).revisions(PodReadiness.revisions(cache, mc));

    assertEquals(Instant.parse(SINCE), revisions.readySince(0));
    assertEquals("r2", revisions.revision(1), "the revisions stay the cache's");
    assertNull(revisions.readySince(1), "the pod on the API server is another one");
  }
}
