package io.memkube.operator.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.api.v1alpha1.RoutingSpec;
import io.memkube.operator.naming.ClusterNames;
import io.memkube.proxy.configmodel.ConfigFields;
import io.memkube.proxy.configmodel.RouteField;
import io.memkube.proxy.configmodel.RouteType;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxy's configuration in mcrouter's JSON format.
 *
 * <p>Sharded: one pool {@code NAME} listing {@code NAME-0..NAME-(n-1)} by their stable DNS names,
 * and a {@code PoolRoute} hashing with Ch3 (or Crc32). Replicated: {@code g} pools, server {@code
 * i} in pool {@code i % g} (so growing by {@code g} servers appends one to each pool and moves no
 * key inside a pool); updates go to every pool ({@code AllSyncRoute}), reads try the pools in turn
 * ({@code FailoverRoute}). An empty ring answers every request with an {@code ErrorRoute}. A {@code
 * rawConfig} replaces all of it; a {@code configPatch} is merged into it ({@link
 * ProxyConfigOverrides}).
 */
public final class ProxyConfigRenderer {

  /** Key of the configuration in the ConfigMap, and file name in the proxy's mount. */
  public static final String CONFIG_KEY = "config.json";

  /** mcrouter's pool key for servers spoken to over TLS. */
  private static final String USE_SSL = "use_ssl";

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
    return render(mc, servers, null, clusterDomain);
  }

  /**
   * The configuration for a ring of {@code servers} servers in which server {@code restarting}'s
   * place is taken by the next server (the operator's roll; sharded rings only): the keys of that
   * place go to a server that is up while it restarts.
   *
   * @param restarting the server restarting, or null
   */
  public static String render(
      MemcachedCluster mc, int servers, Integer restarting, String clusterDomain) {
    ObjectNode root = JSON.createObjectNode();
    RoutingSpec routing = mc.getSpec().getProxy().getRouting();
    String name = mc.getMetadata().getName();
    if (servers == 0) {
      root.put(
          ConfigFields.ROUTE,
          RouteType.ERROR_ROUTE.shorthand(
              "MemcachedCluster "
                  + mc.getMetadata().getNamespace()
                  + "/"
                  + name
                  + " has no server in its proxy configuration yet"));
      return write(routing, root);
    }
    int groups = routing.getMode() == RoutingSpec.Mode.Replicated ? routing.getReplicaGroups() : 1;
    ObjectNode pools = root.putObject(ConfigFields.POOLS);
    List<String> poolNames = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      String pool = groups == 1 ? name : name + "-group-" + g;
      poolNames.add(pool);
      ObjectNode poolNode = pools.putObject(pool);
      if (mc.getSpec().getTls() != null) {
        // the servers run -Z: the proxies speak TLS to them and verify their names
        poolNode.put(USE_SSL, true);
      }
      ArrayNode list = poolNode.putArray(ConfigFields.SERVERS);
      for (int i = g; i < servers; i += groups) {
        int server = restarting != null && groups == 1 && i == restarting ? standIn(i, servers) : i;
        list.add(
            ClusterNames.serverHost(mc, server, clusterDomain) + ":" + ClusterNames.SERVER_PORT);
      }
    }
    String hash = routing.getHashFunction().name();
    if (groups == 1) {
      root.set(ConfigFields.ROUTE, poolRoute(poolNames.get(0), hash));
      return write(routing, root);
    }
    ObjectNode route = root.putObject(ConfigFields.ROUTE);
    route.put(RouteField.TYPE, RouteType.OPERATION_SELECTOR_ROUTE.typeName());
    ObjectNode writes = route.putObject(RouteField.DEFAULT_POLICY);
    writes.put(RouteField.TYPE, RouteType.ALL_SYNC_ROUTE.typeName());
    ArrayNode writeChildren = writes.putArray(RouteField.CHILDREN);
    poolNames.forEach(p -> writeChildren.add(poolRoute(p, hash)));
    ObjectNode policies = route.putObject(RouteField.OPERATION_POLICIES);
    for (String op : READ_OPERATIONS) {
      ObjectNode reads = policies.putObject(op);
      reads.put(RouteField.TYPE, RouteType.FAILOVER_ROUTE.typeName());
      ArrayNode readChildren = reads.putArray(RouteField.CHILDREN);
      poolNames.forEach(p -> readChildren.add(poolRoute(p, hash)));
    }
    return write(routing, root);
  }

  /** The server that takes {@code server}'s place while it restarts: the next one. */
  public static int standIn(int server, int servers) {
    return (server + 1) % servers;
  }

  private static ObjectNode poolRoute(String pool, String hash) {
    ObjectNode route = JSON.createObjectNode();
    route.put(RouteField.TYPE, RouteType.POOL_ROUTE.typeName());
    route.put(RouteField.POOL, pool);
    route.putObject(RouteField.HASH).put(RouteField.HASH_FUNC, hash);
    return route;
  }

  /** The generated config, or what the user's rawConfig / configPatch make of it. */
  private static String write(RoutingSpec routing, ObjectNode root) {
    try {
      return ProxyConfigOverrides.apply(routing, root, JSON);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain JSON nodes always serialises", e);
    }
  }
}
