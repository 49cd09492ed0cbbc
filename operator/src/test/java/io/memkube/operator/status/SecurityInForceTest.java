package io.memkube.operator.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.memkube.api.v1alpha1.SecurityStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** status.security reports a check only once every pod runs it. */
class SecurityInForceTest {

  private static StatefulSet servers(List<String> args, int updated) {
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withGeneration(2L)
        .endMetadata()
        .withNewSpec()
        .withReplicas(3)
        .withNewTemplate()
        .withNewSpec()
        .addNewContainer()
        .withName("cache-server")
        .withArgs(args)
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .withNewStatus()
        .withObservedGeneration(2L)
        .withReplicas(3)
        .withReadyReplicas(3)
        .withUpdatedReplicas(updated)
        .withCurrentRevision(updated == 3 ? "r2" : "r1")
        .withUpdateRevision("r2")
        .endStatus()
        .build();
  }

  @Test
  void serversCheckingLoginsOnEveryPodShowServers() {
    assertEquals(
        new SecurityStatus(SecurityStatus.AUTH_SERVERS, true),
        SecurityInForce.of(servers(List.of("-p", "11211", "-Y", "/f"), 3), null, true));
  }

  @Test
  void aRollStillUnderwayShowsNoAuthYet() {
    assertEquals(
        new SecurityStatus(SecurityStatus.AUTH_NONE, false),
        SecurityInForce.of(servers(List.of("-Y", "/f"), 1), null, false));
  }

  @Test
  void noWorkloadsShowNone() {
    assertEquals(
        new SecurityStatus(SecurityStatus.AUTH_NONE, false), SecurityInForce.of(null, null, false));
  }
}
