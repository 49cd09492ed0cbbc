package io.memkube.operator.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.memkube.api.v1alpha1.SecurityStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** status.security reports a check only once every pod runs it. */
class SecurityInForceTest {

  private static DaemonSet proxies(List<String> args) {
    return new DaemonSetBuilder()
        .withNewMetadata()
        .withGeneration(1L)
        .endMetadata()
        .withNewSpec()
        .withNewTemplate()
        .withNewSpec()
        .addNewContainer()
        .withName("proxy")
        .withArgs(args)
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .withNewStatus()
        .withObservedGeneration(1L)
        .withDesiredNumberScheduled(2)
        .withNumberReady(2)
        .withNumberAvailable(2)
        .withUpdatedNumberScheduled(2)
        .endStatus()
        .build();
  }

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
  void proxiesAndServersBothCheckingLoginsAndSpeakingTlsShowProxiesAndServers() {
    assertEquals(
        new SecurityStatus(
            SecurityStatus.AUTH_PROXIES_AND_SERVERS, SecurityStatus.TLS_PROXIES_AND_SERVERS, false),
        SecurityInForce.of(
            servers(List.of("-Y", "/f", "-Z", "-o", "ssl_chain_cert=/c"), 3),
            proxies(List.of("--auth-file=/f", "--ssl-port=5001")),
            false));
  }

  @Test
  void serversWithTlsAndNoProxyShowServers() {
    assertEquals(
        new SecurityStatus(SecurityStatus.AUTH_NONE, SecurityStatus.TLS_SERVERS, false),
        SecurityInForce.of(servers(List.of("-Z", "-o", "ssl_chain_cert=/c"), 3), null, false));
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
