package io.memkube.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.protocol.Command;
import io.memkube.proxy.configmodel.parse.ConfigException;
import io.memkube.proxy.configmodel.parse.LoaderOptions;
import io.memkube.proxy.route.AllSyncRoute;
import io.memkube.proxy.route.FailoverRoute;
import io.memkube.proxy.route.HashRoute;
import io.memkube.proxy.route.RouteHandle;
import io.memkube.proxy.route.Router;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

  private static LoadedConfig load(String json) throws ConfigException {
    return load(json, LoaderOptions.defaults());
  }

  private static LoadedConfig load(String json, LoaderOptions options) throws ConfigException {
    return new ConfigLoader(options, DestinationRegistry.forValidation()).load(json, "test");
  }

  private static String errorOf(String json) {
    return assertThrows(ConfigException.class, () -> load(json)).getMessage();
  }

  private static final String POOLS =
      "\"pools\": {\"A\": {\"servers\": [\"127.0.0.1:1\", \"127.0.0.1:2\", \"[::1]:3\"]}}, ";

  @Test
  void acceptsCommentsTrailingCommasAndShorthand() throws Exception {
    LoadedConfig cfg =
        load(
            """
            {
              // a line comment
              /* a block comment */
              "pools": {"A": {"servers": ["127.0.0.1:1", "127.0.0.1:2",],},},
              "route": "PoolRoute|A",
            }
            """);
    assertInstanceOf(HashRoute.class, cfg.router().defaultRoute());
    assertEquals(2, cfg.pools().get("A").servers().size());
  }

  @Test
  void expandsPoolShorthandIntoOneChildPerServer() throws Exception {
    LoadedConfig cfg = load("{" + POOLS + "\"route\": \"AllSyncRoute|Pool|A\"}");
    RouteHandle r = cfg.router().defaultRoute();
    assertInstanceOf(AllSyncRoute.class, r);
    assertEquals(3, r.targets(null).size());
  }

  @Test
  void sharesNamedHandlesAndIdenticalShorthand() throws Exception {
    LoadedConfig cfg =
        load(
            "{"
                + POOLS
                + """
                "named_handles": [{"name": "main", "type": "PoolRoute", "pool": "A"}],
                "route": {"type": "OperationSelectorRoute",
                          "operation_policies": {"get": "main", "set": "main"},
                          "default_policy": "main"}
                }
                """);
    RouteHandle root = cfg.router().defaultRoute();
    var getReq = io.memkube.protocol.request.McRequest.get(Command.GET, new byte[] {'k'}, 0);
    var delReq = getReq.withOp(Command.DELETE);
    assertSame(root.targets(getReq).get(0), root.targets(delReq).get(0));
  }

  @Test
  void substitutesConfigParams() throws Exception {
    LoadedConfig cfg =
        load(
            "{\"pools\": {\"A\": {\"servers\": [\"%host%:11211\"]}}, \"route\": \"PoolRoute|A\"}",
            new LoaderOptions(1000, "/././", false, Map.of("host", "10.0.0.7"), 0));
    assertEquals("10.0.0.7", cfg.pools().get("A").servers().get(0).address().host());
  }

  @Test
  void readsFailoverErrorsAndServerTimeout() throws Exception {
    LoadedConfig cfg =
        load(
            """
            {"pools": {"A": {"servers": ["h1:1"], "server_timeout": 250},
                       "B": {"servers": ["h2:1"]}},
             "route": {"type": "FailoverRoute", "children": ["PoolRoute|A", "PoolRoute|B"],
                       "failover_errors": ["tko", "timeout", "connect_error"]}}
            """);
    assertInstanceOf(FailoverRoute.class, cfg.router().defaultRoute());
    assertEquals(250, cfg.pools().get("A").servers().get(0).timeoutMillis());
    assertEquals(1000, cfg.pools().get("B").servers().get(0).timeoutMillis());
  }

  @Test
  void routesByRoutingPrefixAndStripsIt() throws Exception {
    LoadedConfig cfg =
        load(
            "{"
                + POOLS
                + """
                "routes": [{"aliases": ["/././", "/a/b/"], "route": "PoolRoute|A"},
                           {"aliases": ["/c/d/"], "route": "NullRoute"}]}
                """);
    Router.Resolved r = cfg.router().resolve("/c/d/key".getBytes(StandardCharsets.UTF_8));
    assertNotNull(r);
    assertEquals("key", new String(r.key(), StandardCharsets.UTF_8));
    assertNull(cfg.router().resolve("/x/y/key".getBytes(StandardCharsets.UTF_8)));
    assertSame(
        cfg.router().defaultRoute(),
        cfg.router().resolve("plain".getBytes(StandardCharsets.UTF_8)).route());
    Router.Resolved all = cfg.router().resolve("/*/*/key".getBytes(StandardCharsets.UTF_8));
    assertNotNull(all);
    assertEquals("key", new String(all.key(), StandardCharsets.UTF_8));
    var set =
        new io.memkube.protocol.request.McRequest(
            Command.SET, all.key(), 0, 0, new byte[0], 0, 0, java.util.List.of());
    assertEquals(2, all.route().targets(set).get(0).targets(set).size(), "sets reach both routes");
    assertNull(cfg.router().resolve("/x/*/key".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void inheritsPoolFieldsAndRejectsCycles() throws Exception {
    LoadedConfig cfg =
        load(
            """
            {"pools": {"base": {"servers": ["h:1"], "server_timeout": 300},
                       "child": {"inherit": "base", "servers": ["h:2"]}},
             "route": "PoolRoute|child"}
            """);
    assertEquals(300, cfg.pools().get("child").servers().get(0).timeoutMillis());
    String e =
        errorOf(
            """
            {"pools": {"a": {"inherit": "b"}, "b": {"inherit": "a"}}, "route": "PoolRoute|a"}
            """);
    assertTrue(e.contains("cycle"), e);
  }

  @Test
  void namesThePathOfAnUnknownRouteHandle() {
    String e =
        errorOf(
            "{"
                + POOLS
                + "\"route\": {\"type\": \"FailoverRoute\", \"children\": [\"PoolRoute|A\","
                + " {\"type\": \"BogusRoute\"}]}}");
    assertEquals("$.route.children[1].type: unknown route handle type 'BogusRoute'", e);
  }

  @Test
  void namesThePathOfAnUnknownField() {
    String e =
        errorOf(
            "{"
                + POOLS
                + "\"route\": {\"type\": \"PoolRoute\", \"pool\": \"A\", \"hsah\": \"Ch3\"}}");
    assertTrue(e.startsWith("$.route.hsah: unknown field 'hsah'"), e);
  }

  @Test
  void namesAMissingPoolABadServerAndBadJson() {
    assertEquals(
        "$.route: no pool named 'B' in $.pools",
        errorOf("{" + POOLS + "\"route\": \"PoolRoute|B\"}"));
    String bad =
        errorOf(
            "{\"pools\": {\"A\": {\"servers\": [\"nohostport\"]}}, \"route\": \"PoolRoute|A\"}");
    assertTrue(bad.startsWith("$.pools.A.servers[0]: expected host:port"), bad);
    String json = errorOf("{\"route\": ");
    assertTrue(json.startsWith("$: invalid JSON at line 1"), json);
    assertTrue(errorOf("{" + POOLS + "}").contains("exactly one of 'route' and 'routes'"));
  }

  @Test
  void rejectsAnUnknownHashFunctionAndBadWeights() {
    String e =
        errorOf(
            "{"
                + POOLS
                + "\"route\": {\"type\": \"PoolRoute\", \"pool\": \"A\", \"hash\": \"Foo\"}}");
    assertEquals(
        "$.route.hash: unknown hash function 'Foo' (Ch3, Crc32, WeightedCh3, ConstShard, Ketama)",
        e);
    String w =
        errorOf(
            "{\"pools\": {\"A\": {\"servers\": [\"h:1\"], \"weights\": [2]}}, \"route\": \"PoolRoute|A\"}");
    assertEquals("$.pools.A.weights[0]: expected a number in [0, 1]", w);
  }

  @Test
  void acceptsKetamaInMcrouterAndTwemproxySpelling() throws Exception {
    load(
        "{"
            + POOLS
            + "\"route\": {\"type\": \"PoolRoute\", \"pool\": \"A\", \"hash\": {\"hash_func\": \"Ketama\"}}}");
    load(
        "{"
            + POOLS
            + "\"route\": {\"type\": \"PoolRoute\", \"pool\": \"A\","
            + " \"hash\": {\"hash\": \"md5\", \"distribution\": \"ketama\"}}}");
  }

  @Test
  void buildsEveryListedRouteHandle() throws Exception {
    load(
        """
            {"pools": {"A": {"servers": ["h:1", "h:2"]}, "B": {"servers": ["h:3"]}},
            "route": {"type": "PrefixSelectorRoute",
              "policies": {
                "a": {"type": "HashRoute", "children": "Pool|A", "hash_func": "Crc32", "salt": "s"},
                "b": {"type": "FailoverWithExptimeRoute", "normal": "PoolRoute|A",
                      "failover": ["PoolRoute|B"], "failover_exptime": 10},
                "c": "MissFailoverRoute|Pool|A",
                "d": {"type": "AllAsyncRoute", "children": "Pool|A"},
                "e": {"type": "AllInitialRoute", "children": "Pool|A"},
                "f": {"type": "AllMajorityRoute", "children": "Pool|A"},
                "g": {"type": "AllFastestRoute", "children": "Pool|A"},
                "h": {"type": "WarmUpRoute", "cold": "PoolRoute|B", "warm": "PoolRoute|A", "exptime": 5},
                "i": {"type": "ModifyExptimeRoute", "target": "PoolRoute|A", "exptime": 5, "action": "min"},
                "j": {"type": "ErrorRoute", "response": "nope"},
                "k": {"type": "LatestRoute", "children": "Pool|A", "failover_count": 2},
                "l": "RandomRoute|Pool|A",
                "m": "NullRoute"
              },
              "wildcard": "PoolRoute|A"}
            }
            """);
  }

  @Test
  void thePreprocessedConfigIsTheJsonAfterMacrosAsMcrouterShowsIt() throws Exception {
    LoadedConfig c =
        load(
            """
            {"macros": {"one": {"type": "macroDef", "params": ["host"],
                                 "result": {"servers": ["%host%:11211"]}}},
             "pools": {"A": "@one(192.0.2.5)"}, "route": "PoolRoute|A"}
            """);
    assertEquals(
        "{\"pools\":{\"A\":{\"servers\":[\"192.0.2.5:11211\"]}},\"route\":\"PoolRoute|A\"}",
        c.preprocessed());
    assertTrue(c.text().contains("macros"), "the text is kept as written, for the md5 digest");
  }
}
