package io.memkube.operator.config;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Gives the leader's Lease up on a normal shutdown. The SDK (JOSDK 5.3) builds its leader elector
 * with release-on-cancel off and offers no switch, so a replacement would wait out the lease
 * duration (15 s) after every rolling update. This runs after the SDK has stopped the operator (its
 * in-flight reconciliations included, quarkus.operator-sdk.termination-timeout) and writes the
 * Lease as client-go's and Fabric8's own release do: no holder, a one-second duration. The update
 * carries the Lease's resourceVersion, so it never clears a Lease someone else took since.
 */
@Singleton
public class LeaseRelease {

  private static final Logger LOG = Logger.getLogger(LeaseRelease.class);

  /** After the SDK's own shutdown observer (priority 3123), which stops the operator. */
  static final int AFTER_OPERATOR_STOPPED = 5000;

  private final KubernetesClient client;
  private final String identity;
  private volatile boolean takingPart;

  @Inject
  LeaseRelease(KubernetesClient client) {
    this.client = client;
    this.identity = identity(System.getenv("HOSTNAME"));
  }

  /**
   * The identity this process holds the Lease under: the pod's name (HOSTNAME in a pod), else a
   * random one, so that two processes on one machine never share it.
   */
  static String identity(String hostname) {
    return hostname == null || hostname.isBlank() ? UUID.randomUUID().toString() : hostname;
  }

  /** Called when the leader election is configured; returns the identity to elect under. */
  String takePart() {
    takingPart = true;
    return identity;
  }

  void onShutdown(@Observes @Priority(AFTER_OPERATOR_STOPPED) ShutdownEvent event) {
    if (takingPart) {
      release();
    }
  }

  /** Releases the Lease if this process holds it; true when it did. */
  boolean release() {
    try {
      Lease lease =
          client
              .leases()
              .inNamespace(client.getNamespace())
              .withName(LeaderElection.LEASE_NAME)
              .get();
      if (lease == null
          || lease.getSpec() == null
          || !identity.equals(lease.getSpec().getHolderIdentity())) {
        return false;
      }
      ZonedDateTime now = ZonedDateTime.now().truncatedTo(ChronoUnit.MICROS);
      lease.getSpec().setHolderIdentity(null);
      lease.getSpec().setLeaseDurationSeconds(1);
      lease.getSpec().setRenewTime(now);
      lease.getSpec().setAcquireTime(now);
      client.resource(lease).update();
      LOG.infof("released the Lease %s", LeaderElection.LEASE_NAME);
      return true;
    } catch (KubernetesClientException e) {
      // The Lease then expires on its own (15 s): slower, not wrong.
      LOG.warnf("could not release the Lease %s: %s", LeaderElection.LEASE_NAME, e.getMessage());
      return false;
    }
  }
}
