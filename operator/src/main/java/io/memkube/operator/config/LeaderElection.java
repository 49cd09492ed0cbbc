package io.memkube.operator.config;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Leader election through a Lease, so that several operator replicas can run and only one
 * reconciles. Active in the prod profile only
 * (quarkus.operator-sdk.activate-leader-election-for-profiles); the Lease lives in the namespace of
 * the operator's client (its own namespace in a cluster, the kubeconfig's namespace locally).
 */
public class LeaderElection {

  public static final String LEASE_NAME = "memkube-operator-leader";

  @Produces
  @Singleton
  LeaderElectionConfiguration leaderElection() {
    return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(LEASE_NAME).build();
  }
}
