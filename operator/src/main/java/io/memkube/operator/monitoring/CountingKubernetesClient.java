package io.memkube.operator.monitoring;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The operator's Kubernetes client: Quarkus's own (same configuration and serialization, which this
 * replaces as its producer is a default bean) with {@link ApiRequestCounter} in its HTTP client.
 * Unremovable: the SDK looks the client up programmatically, which Quarkus does not see when it
 * removes unused beans.
 */
@Singleton
public class CountingKubernetesClient {

  @Produces
  @Singleton
  @Unremovable
  KubernetesClient kubernetesClient(
      KubernetesSerialization serialization, Config config, MeterRegistry registry) {
    ApiRequestCounter counter = new ApiRequestCounter(registry);
    return new KubernetesClientBuilder()
        .withKubernetesSerialization(serialization)
        .withConfig(config)
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("memkube-requests", counter))
        .build();
  }

  void close(@Disposes KubernetesClient client) {
    client.close();
  }
}
