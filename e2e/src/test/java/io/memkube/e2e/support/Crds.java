package io.memkube.e2e.support;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;

/** Installs the shipped CRDs the way the docs tell users to: {@code kubectl apply -f crds/}. */
public final class Crds {

  public static final String MEMCACHED_CLUSTERS = "memcachedclusters.memkube.io";

  private Crds() {}

  /** Applies {@code crds/} (idempotent) and waits until the API server serves the new kind. */
  public static String install(KubernetesClient client) {
    String output =
        Kubectl.ok("apply", "-f", E2eSettings.repositoryRoot().resolve("crds").toString());
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () -> {
              var crd =
                  client
                      .apiextensions()
                      .v1()
                      .customResourceDefinitions()
                      .withName(MEMCACHED_CLUSTERS)
                      .get();
              return crd != null
                  && crd.getStatus() != null
                  && crd.getStatus().getConditions() != null
                  && crd.getStatus().getConditions().stream()
                      .anyMatch(
                          c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
            });
    return output;
  }
}
