package io.memkube.operator.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.api.v1alpha1.RoutingSpec;
import io.memkube.operator.naming.ClusterNames;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxy's configuration in mcrouter's JSON format.
 *
 * <p>Sharded: one pool {@code NAME} listing {@code NAME-0..NAME-(n-1)} by their stable DNS names,
 * and a {@code PoolRoute} hashing with Ch3 (or Crc32). Replicated: {@code g} pools, server {@code
 * i} in pool {@code i % g} (so growing by {@code g} servers appends one to each pool and moves no
 * key inside a pool); updates go to every pool ({@code AllSyncRoute}), reads try the pools in turn
 * ({@code FailoverRoute}). An empty ring answers every request with an {@code ErrorRoute}.
 */
public final class ProxyConfigRenderer {

  /** Key of the configuration in the ConfigMap, and file name in the proxy's mount. */
  public static final String CONFIG_KEY = "config.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Reads answered by failing over from one replica group to the next. */
  private static final List<String> READ_OPERATIONS = List.of("get", "gets");

  private ProxyConfigRenderer() {}

  /**
   * The configuration for a ring of {@code servers} servers.
   *
   * @param mc the cluster, with defaults applied
   * @param servers how many servers the ring lists ({@code NAME-0} upwards)
   * @param clusterDomain DNS domain of the Kubernetes cluster
   */
  public static String render(MemcachedCluster mc, int servers, String clusterDomain) {
    ObjectNode root = JSON.createObjectNode();
    RoutingSpec routing = mc.getSpec().getProxy().getRouting();
    String name = mc.getMetadata().getName();
    if (servers == 0) {
      root.put(
          "route",
          "ErrorRoute|MemcachedCluster "
              + mc.getMetadata().getNamespace()
              + "/"
              + name
              + " has no server in its proxy configuration yet");
      return write(root);
    }
    int groups = routing.getMode() == RoutingSpec.Mode.Replicated ? routing.getReplicaGroups() : 1;
    ObjectNode pools = root.putObject("pools");
    List<String> poolNames = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      String pool = groups == 1 ? name : name + "-group-" + g;
      poolNames.add(pool);
      ArrayNode list = pools.putObject(pool).putArray("servers");
      for (int i = g; i < servers; i += groups) {
        list.add(ClusterNames.serverHost(mc, i, clusterDomain) + ":" + ClusterNames.SERVER_PORT);
      }
    }
    String hash = routing.getHashFunction().name();
    if (groups == 1) {
      root.set("route", poolRoute(poolNames.get(0), hash));
      return write(root);
    }
    ObjectNode route = root.putObject("route");
    route.put("type", "OperationSelectorRoute");
    ObjectNode writes = route.putObject("default_policy");
    writes.put("type", "AllSyncRoute");
    ArrayNode writeChildren = writes.putArray("children");
    poolNames.forEach(p -> writeChildren.add(poolRoute(p, hash)));
    ObjectNode policies = route.putObject("operation_policies");
    for (String op : READ_OPERATIONS) {
      ObjectNode reads = policies.putObject(op);
      reads.put("type", "FailoverRoute");
      ArrayNode readChildren = reads.putArray("children");
      poolNames.forEach(p -> readChildren.add(poolRoute(p, hash)));
    }
    return write(root);
  }

  private static ObjectNode poolRoute(String pool, String hash) {
    ObjectNode route = JSON.createObjectNode();
    route.put("type", "PoolRoute");
    route.put("pool", pool);
    route.putObject("hash").put("hash_func", hash);
    return route;
  }

  private static String write(ObjectNode root) {
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain JSON nodes always serialises", e);
    }
  }
}
