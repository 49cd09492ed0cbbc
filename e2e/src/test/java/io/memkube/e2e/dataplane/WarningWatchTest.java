package io.memkube.e2e.dataplane;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import org.junit.jupiter.api.Test;

class WarningWatchTest {

  @Test
  void theClustersObjectsAreItsNameAndNamesStartingWithIt() {
    assertTrue(WarningWatch.concerns("memcached", "memcached"));
    assertTrue(WarningWatch.concerns("memcached", "memcached-2"));
    assertTrue(WarningWatch.concerns("memcached", "memcached-proxy-x7k2p"));
    assertFalse(WarningWatch.concerns("memcached", "cache-app"));
    assertFalse(WarningWatch.concerns("memcached", "memcachedx"));
    assertFalse(WarningWatch.concerns("memcached", null));
  }

  @Test
  void onlyAPodsFailedReadinessProbeIsSetApart() {
    assertTrue(
        WarningWatch.readinessProbeResult(
            event(
                "Pod",
                "Unhealthy",
                "Readiness probe failed: HTTP probe failed with statuscode: 503")));
    assertFalse(
        WarningWatch.readinessProbeResult(
            event("Pod", "Unhealthy", "Liveness probe failed: timeout")));
    assertFalse(
        WarningWatch.readinessProbeResult(
            event("Pod", "BackOff", "Back-off restarting failed container")));
    assertFalse(
        WarningWatch.readinessProbeResult(
            event("MemcachedCluster", "Unhealthy", "Readiness probe failed")));
  }

  @Test
  void aMountPutOffByTheKubeletsOwnCacheIsSetApartButNotAMissingOrBadVolume() {
    assertTrue(
        WarningWatch.kubeletTransient(
            event(
                "Pod",
                "FailedMount",
                "MountVolume.SetUp failed for volume \"kube-api-access-gzfx7\" : failed to sync"
                    + " configmap cache: timed out waiting for the condition")));
    assertTrue(
        WarningWatch.kubeletTransient(
            event(
                "Pod",
                "FailedMount",
                "MountVolume.SetUp failed for volume \"tls\" : failed to sync secret cache:"
                    + " timed out waiting for the condition")));
    assertFalse(
        WarningWatch.kubeletTransient(
            event(
                "Pod",
                "FailedMount",
                "MountVolume.SetUp failed for volume \"routes\" : configmap \"memcached-routes\""
                    + " not found")));
    assertFalse(
        WarningWatch.kubeletTransient(
            event(
                "MemcachedCluster",
                "FailedMount",
                "x : failed to sync configmap cache: timed out waiting for the condition")));
    assertTrue(
        WarningWatch.kubeletTransient(
            event("Pod", "Unhealthy", "Readiness probe failed: connection refused")));
    assertFalse(WarningWatch.kubeletTransient(event("Pod", "BackOff", "Back-off")));
  }

  private static Event event(String kind, String reason, String message) {
    return new EventBuilder()
        .withType("Warning")
        .withReason(reason)
        .withMessage(message)
        .withNewInvolvedObject()
        .withKind(kind)
        .withName("memcached-0")
        .endInvolvedObject()
        .build();
  }
}
