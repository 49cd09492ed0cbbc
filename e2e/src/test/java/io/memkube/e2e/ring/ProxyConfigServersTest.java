package io.memkube.e2e.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProxyConfigServersTest {

  private final ProxyConfigServers servers = new ProxyConfigServers("shop", "cache");

  @Test
  void findsEveryServerOfThePoolByItsStableDnsName() {
    String json =
        """
        {"pools":{"A":{"servers":["cache-0.cache.shop.svc.cluster.local:11211",
        "cache-1.cache.shop.svc.cluster.local:11211","cache-12.cache.shop.svc.cluster.local:11211"]}},
        "route":{"type":"PoolRoute","pool":"A","hash":{"hash_func":"Ch3"}}}
        """;

    assertEquals(Set.of(0, 1, 12), servers.of(configMap(json)));
  }

  @Test
  void ignoresServersOfAnotherClusterOrNamespace() {
    String json =
        """
        {"pools":{"A":{"servers":["other-cache-0.other-cache.shop.svc.cluster.local:11211",
        "cache-1.cache.staging.svc.cluster.local:11211","cache-2.cache.shop.svc.cluster.local:11211"]}}}
        """;

    assertEquals(Set.of(2), servers.of(configMap(json)));
  }

  @Test
  void missingConfigMapListsNoServer() {
    assertEquals(Set.of(), servers.of(null));
  }

  private static io.fabric8.kubernetes.api.model.ConfigMap configMap(String json) {
    return new ConfigMapBuilder().addToData("config.json", json).build();
  }
}
