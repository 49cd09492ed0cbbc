package io.memkube.operator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class LeaseReleaseTest {

  KubernetesClient client;

  private void holdLease(String holder) {
    client
        .leases()
        .inNamespace(client.getNamespace())
        .resource(
            new LeaseBuilder()
                .withNewMetadata()
                .withName(LeaderElection.LEASE_NAME)
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity(holder)
                .withLeaseDurationSeconds(15)
                .withRenewTime(ZonedDateTime.now())
                .endSpec()
                .build())
        .create();
  }

  private Lease lease() {
    return client
        .leases()
        .inNamespace(client.getNamespace())
        .withName(LeaderElection.LEASE_NAME)
        .get();
  }

  @Test
  void theHolderReleasesItsLeaseWithNoHolderAndAOneSecondDuration() {
    LeaseRelease release = new LeaseRelease(client);
    holdLease(release.takePart());
    assertTrue(release.release());
    assertNull(lease().getSpec().getHolderIdentity());
    assertEquals(1, lease().getSpec().getLeaseDurationSeconds());
  }

  @Test
  void aLeaseHeldBySomeoneElseIsLeftAlone() {
    holdLease("another-instance");
    assertFalse(new LeaseRelease(client).release());
    assertEquals("another-instance", lease().getSpec().getHolderIdentity());
  }

  @Test
  void theIdentityIsThePodNameElseRandom() {
    assertEquals(
        "memkube-operator-7d9f-abcde", LeaseRelease.identity("memkube-operator-7d9f-abcde"));
    assertNotEquals(LeaseRelease.identity(null), LeaseRelease.identity(null));
    assertNotEquals("", LeaseRelease.identity(" "));
  }
}
