package io.memkube.operator.config;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;

/**
 * Leader election through a Lease, so that several operator replicas can run and only one
 * reconciles. Active in the prod profile only
 * (quarkus.operator-sdk.activate-leader-election-for-profiles), and there switched off at run time
 * by {@code memkube.leader-election.enabled=false} (env {@code MEMKUBE_LEADER_ELECTION_ENABLED}).
 * The Lease lives in the namespace of the operator's client (its own namespace in a cluster, the
 * kubeconfig's namespace locally). The leader gives the Lease up when it shuts down ({@link
 * LeaseRelease}), so a standby takes over within one retry period instead of a lease duration.
 */
public class LeaderElection {

  public static final String LEASE_NAME = "memkube-operator-leader";

  /**
   * How often a standby tries to take the Lease (the client adds up to 120% jitter) and how often
   * the leader renews it. One second keeps a hand-over after a released Lease under about two
   * seconds, for one small Lease update a second from the leader; the SDK's default of two seconds
   * gives hand-overs of up to 4.4 s.
   */
  static final Duration RETRY_PERIOD = Duration.ofSeconds(1);

  /**
   * The SDK looks this bean up when it builds its configuration and runs without leader election
   * when it gets null, hence a dependent-scoped producer (the only scope allowed to produce null).
   */
  @Produces
  @Dependent
  LeaderElectionConfiguration leaderElection(MemkubeConfig config, LeaseRelease release) {
    if (!config.leaderElection().enabled()) {
      return null;
    }
    return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(LEASE_NAME)
        .withIdentity(release.takePart())
        .withRetryPeriod(RETRY_PERIOD)
        .build();
  }
}
