package io.memkube.operator.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.api.v1alpha1.ProxySpec;
import io.memkube.api.v1alpha1.RoutingSpec;
import io.memkube.operator.TestClusters;
import io.memkube.operator.spec.SpecDefaults;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProxyConfigRendererTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode render(MemcachedCluster mc, int servers) throws Exception {
    return JSON.readTree(
        ProxyConfigRenderer.render(SpecDefaults.applied(mc), servers, "cluster.local"));
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void shardedIsOnePoolOfStableDnsNamesInOrdinalOrderWithCh3() throws Exception {
    JsonNode config = render(TestClusters.cluster("web", "prod"), 3);
    assertEquals(
        List.of(
            "web-0.web.prod.svc.cluster.local:11211",
            "web-1.web.prod.svc.cluster.local:11211",
            "web-2.web.prod.svc.cluster.local:11211"),
        texts(config.at("/pools/web/servers")));
    assertEquals("PoolRoute", config.at("/route/type").asText());
    assertEquals("web", config.at("/route/pool").asText());
    assertEquals("Ch3", config.at("/route/hash/hash_func").asText());
  }

  @Test
  void growingTheRingAppendsServersSoExistingPositionsStay() throws Exception {
    var small = texts(render(TestClusters.cluster("web", "prod"), 3).at("/pools/web/servers"));
    var big = texts(render(TestClusters.cluster("web", "prod"), 5).at("/pools/web/servers"));
    assertEquals(small, big.subList(0, 3));
  }

  @Test
  void aRestartingServersPlaceGoesToTheNextServerAndNoOtherPlaceMoves() throws Exception {
    var mc = SpecDefaults.applied(TestClusters.cluster("web", "prod"));
    var list =
        texts(
            JSON.readTree(ProxyConfigRenderer.render(mc, 3, 1, "cluster.local"))
                .at("/pools/web/servers"));
    var normal = texts(render(TestClusters.cluster("web", "prod"), 3).at("/pools/web/servers"));
    assertEquals(List.of(normal.get(0), normal.get(2), normal.get(2)), list);
    var last =
        texts(
            JSON.readTree(ProxyConfigRenderer.render(mc, 3, 2, "cluster.local"))
                .at("/pools/web/servers"));
    assertEquals(List.of(normal.get(0), normal.get(1), normal.get(0)), last, "wraps around");
  }

  @Test
  void crc32CanBeChosen() throws Exception {
    var mc = TestClusters.cluster("web", "prod");
    mc.getSpec().setProxy(new ProxySpec());
    mc.getSpec().getProxy().setRouting(new RoutingSpec());
    mc.getSpec().getProxy().getRouting().setHashFunction(RoutingSpec.HashFunction.Crc32);
    assertEquals("Crc32", render(mc, 2).at("/route/hash/hash_func").asText());
  }

  @Test
  void replicatedWritesToEveryGroupAndReadsFailOverBetweenGroups() throws Exception {
    var mc = TestClusters.cluster("web", "prod");
    mc.getSpec().setProxy(new ProxySpec());
    mc.getSpec().getProxy().setRouting(new RoutingSpec());
    mc.getSpec().getProxy().getRouting().setMode(RoutingSpec.Mode.Replicated);
    mc.getSpec().getProxy().getRouting().setReplicaGroups(2);
    JsonNode config = render(mc, 4);
    assertEquals(
        List.of("web-0.web.prod.svc.cluster.local:11211", "web-2.web.prod.svc.cluster.local:11211"),
        texts(config.at("/pools/web-group-0/servers")));
    assertEquals(
        List.of("web-1.web.prod.svc.cluster.local:11211", "web-3.web.prod.svc.cluster.local:11211"),
        texts(config.at("/pools/web-group-1/servers")));
    assertEquals("OperationSelectorRoute", config.at("/route/type").asText());
    assertEquals("AllSyncRoute", config.at("/route/default_policy/type").asText());
    assertEquals(2, config.at("/route/default_policy/children").size());
    assertEquals("FailoverRoute", config.at("/route/operation_policies/get/type").asText());
    assertEquals(
        "web-group-1", config.at("/route/operation_policies/gets/children/1/pool").asText());
  }

  @Test
  void emptyRingAnswersWithAnErrorRouteNamingTheCluster() throws Exception {
    JsonNode config = render(TestClusters.cluster("web", "prod"), 0);
    assertTrue(config.get("route").asText().startsWith("ErrorRoute|MemcachedCluster prod/web"));
  }

  @Test
  void aConfigPatchMergesIntoTheGeneratedConfigAndNullRemoves() throws Exception {
    MemcachedCluster mc = SpecDefaults.applied(TestClusters.cluster("web", "prod"));
    mc.getSpec()
        .getProxy()
        .getRouting()
        .setConfigPatch("{\"route\": {\"hash\": null, \"asynclog\": false}}");
    JsonNode route =
        new ObjectMapper()
            .readTree(ProxyConfigRenderer.render(mc, 2, "cluster.local"))
            .get("route");
    assertEquals("PoolRoute", route.get("type").asText());
    assertEquals(false, route.get("asynclog").asBoolean());
    assertEquals(null, route.get("hash"));
  }

  @Test
  void aRawConfigReplacesTheGeneratedOneAsWritten() {
    MemcachedCluster mc = SpecDefaults.applied(TestClusters.cluster("web", "prod"));
    String raw =
        "{\"pools\": {\"A\": {\"servers\": [\"192.0.2.7:11211\"]}}, \"route\": \"PoolRoute|A\"}";
    mc.getSpec().getProxy().getRouting().setRawConfig(raw);
    assertEquals(raw + "\n", ProxyConfigRenderer.render(mc, 3, "cluster.local"));
  }
}
