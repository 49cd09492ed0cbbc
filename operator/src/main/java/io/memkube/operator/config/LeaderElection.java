package io.memkube.operator.config;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/**
 * Leader election through a Lease, so that several operator replicas can run and only one
 * reconciles. Active in the prod profile only
 * (quarkus.operator-sdk.activate-leader-election-for-profiles), and there switched off at run time
 * by {@code memkube.leader-election.enabled=false} (env {@code MEMKUBE_LEADER_ELECTION_ENABLED}).
 * The Lease lives in the namespace of the operator's client (its own namespace in a cluster, the
 * kubeconfig's namespace locally).
 */
public class LeaderElection {

  public static final String LEASE_NAME = "memkube-operator-leader";

  /**
   * The SDK looks this bean up when it builds its configuration and runs without leader election
   * when it gets null, hence a dependent-scoped producer (the only scope allowed to produce null).
   */
  @Produces
  @Dependent
  LeaderElectionConfiguration leaderElection(MemkubeConfig config) {
    if (!config.leaderElection().enabled()) {
      return null;
    }
    return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(LEASE_NAME).build();
  }
}
