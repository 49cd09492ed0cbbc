package io.memkube.proxy.configmodel.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.proxy.configmodel.RouteType;
import io.memkube.proxy.configmodel.spec.HashSpec;
import io.memkube.proxy.configmodel.spec.RouteSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The checks {@code memkube-proxy --validate-config} and the operator share: what they accept and
 * how they name what they refuse.
 */
class ConfigValidatorTest {
  private static final String POOL = "\"pools\": {\"a\": {\"servers\": [\"h0:11211\"]}}, ";

  private static String refusal(String json) {
    ConfigValidator.Result r = ConfigValidator.validate(json);
    assertFalse(r.valid(), json);
    return r.error();
  }

  @Test
  void everyRefusedMcrouterHandleIsRefusedByNameInBothForms() {
    for (var e : RouteType.REFUSED.entrySet()) {
      String reason = "mcrouter's " + e.getKey() + " is not supported by memkube-proxy: ";
      assertEquals(
          "$.route.type: " + reason + e.getValue(),
          refusal("{" + POOL + "\"route\": {\"type\": \"" + e.getKey() + "\"}}"));
      assertEquals(
          "$.route.children[1]: " + reason + e.getValue(),
          refusal(
              "{"
                  + POOL
                  + "\"route\": {\"type\": \"AllSyncRoute\", \"children\": [\"PoolRoute|a\", \""
                  + e.getKey()
                  + "|Pool|a\"]}}"));
    }
  }

  @Test
  void originalClientHashRouteTakesChildrenAndAnOffsetBelowTheirNumber() {
    String twoPools =
        "\"pools\": {\"a\": {\"servers\": [\"h0:11211\"]}, \"b\": {\"servers\": [\"h1:11211\"]}}, ";
    String route =
        "\"route\": {\"type\": \"OriginalClientHashRoute\", \"children\": [\"PoolRoute|a\", \"PoolRoute|b\"]";
    ConfigValidator.Result ok =
        ConfigValidator.validate("{" + twoPools + route + ", \"offset\": 1}}");
    assertTrue(ok.valid(), ok.error());
    assertEquals(
        "$.route.offset: 'offset' must be an integer from 0 to the number of children less one"
            + " (1), got 2",
        refusal("{" + twoPools + route + ", \"offset\": 2}}"));
    assertEquals(
        "$.route.offset: 'offset' must be an integer from 0 to the number of children less one"
            + " (1), got -1",
        refusal("{" + twoPools + route + ", \"offset\": -1}}"));
    assertEquals(
        "$.route.offset: 'offset' must be an integer from 0 to the number of children less one"
            + " (1), got \"1\"",
        refusal("{" + twoPools + route + ", \"offset\": \"1\"}}"));
    assertEquals(
        "$.route.children: OriginalClientHashRoute needs a child",
        refusal(
            "{" + POOL + "\"route\": {\"type\": \"OriginalClientHashRoute\", \"children\": []}}"));
    assertEquals(
        "$.route.hash: unknown field 'hash' (allowed: [children, name, offset, type])",
        refusal("{" + twoPools + route + ", \"hash\": \"Ch3\"}}"));
  }

  @Test
  void originalClientHashRouteWithOneChildIsThatChild() throws Exception {
    RouteSpec r =
        ConfigReader.read(
                "{"
                    + POOL
                    + "\"route\": {\"type\": \"OriginalClientHashRoute\","
                    + " \"children\": [\"PoolRoute|a\"]}}",
                "",
                LoaderOptions.defaults())
            .defaultRoute();
    assertTrue(r instanceof RouteSpec.Hash, "" + r);
  }

  @Test
  void aFieldTheHandleDoesNotHaveIsNamedWithTheOnesItHas() {
    assertEquals(
        "$.route.childs: unknown field 'childs' (allowed: [children, name, type])",
        refusal("{" + POOL + "\"route\": {\"type\": \"AllSyncRoute\", \"childs\": []}}"));
  }

  @Test
  void anUnknownHashFunctionAndOutOfRangeWeightsAreRefusedWhereTheyAre() {
    assertEquals(
        "$.route.hash_func: unknown hash function 'Sha1' (Ch3, Crc32, WeightedCh3, ConstShard,"
            + " Ketama)",
        refusal(
            "{"
                + POOL
                + "\"route\": {\"type\": \"HashRoute\", \"children\": \"Pool|a\","
                + " \"hash_func\": \"Sha1\"}}"));
    assertEquals(
        "$.route.hash.weights[0]: WeightedCh3's weights are numbers in [0, 1], got 2.0",
        refusal(
            "{"
                + POOL
                + "\"route\": {\"type\": \"PoolRoute\", \"pool\": \"a\","
                + " \"hash\": {\"hash_func\": \"WeightedCh3\", \"weights\": [2]}}}"));
  }

  @Test
  void mcroutersHashFunctionsThatAreNotProvidedAreRefusedByName() {
    for (String name :
        new String[] {
          "WeightedCh4", "Rendezvous", "WeightedRendezvous", "Latest", "LoadBalancer"
        }) {
      String reason =
          "mcrouter's hash function '"
              + name
              + "' is not supported by memkube-proxy: "
              + HashSpec.REFUSED.get(name.toLowerCase(java.util.Locale.ROOT));
      assertEquals(
          "$.route.hash.hash_func: " + reason,
          refusal(
              "{"
                  + POOL
                  + "\"route\": {\"type\": \"PoolRoute\", \"pool\": \"a\","
                  + " \"hash\": {\"hash_func\": \""
                  + name
                  + "\"}}}"));
      if (!name.equals("Latest") && !name.equals("LoadBalancer")) {
        assertEquals(
            "$.route.hash_func: " + reason,
            refusal(
                "{"
                    + POOL
                    + "\"route\": {\"type\": \"HashRoute\", \"children\": \"Pool|a\","
                    + " \"hash_func\": \""
                    + name
                    + "\"}}"));
      }
    }
    ConfigValidator.Result constShard =
        ConfigValidator.validate(
            "{"
                + POOL
                + "\"route\": {\"type\": \"HashRoute\", \"children\": \"Pool|a\","
                + " \"hash_func\": \"ConstShard\"}}");
    assertTrue(constShard.valid(), constShard.error());
  }

  @Test
  void aHashRouteWithHashFuncLatestOrLoadBalancerIsThatRouteWithItsFields() throws Exception {
    String pools =
        "\"pools\": {\"a\": {\"servers\": [\"h0:11211\", \"h1:11211\", \"h2:11211\"]}}, ";
    RouteSpec latest =
        ConfigReader.read(
                "{"
                    + pools
                    + "\"route\": {\"type\": \"HashRoute\", \"children\": \"Pool|a\","
                    + " \"hash_func\": \"Latest\", \"failover_count\": 2}}",
                "",
                LoaderOptions.defaults())
            .defaultRoute();
    assertEquals(2, ((RouteSpec.Latest) latest).failoverCount());
    RouteSpec balanced =
        ConfigReader.read(
                "{"
                    + pools
                    + "\"route\": {\"type\": \"HashRoute\", \"children\": \"Pool|a\","
                    + " \"hash_func\": \"LoadBalancer\", \"salt\": \"s\"}}",
                "",
                LoaderOptions.defaults())
            .defaultRoute();
    assertEquals("s", ((RouteSpec.LoadBalancer) balanced).salt());
    assertEquals(
        "$.route.weights: unknown field 'weights' (allowed: [children, failover_count,"
            + " failover_errors, hash_func, name, type])",
        refusal(
            "{"
                + pools
                + "\"route\": {\"type\": \"HashRoute\", \"children\": \"Pool|a\","
                + " \"hash_func\": \"Latest\", \"weights\": [1]}}"));
  }

  @Test
  void anUnknownOperationAndFailoverErrorAreNamed() {
    assertEquals(
        "$.route.operation_policies.fetch: unknown operation 'fetch'",
        refusal(
            "{"
                + POOL
                + "\"route\": {\"type\": \"OperationSelectorRoute\","
                + " \"operation_policies\": {\"fetch\": \"PoolRoute|a\"}}}"));
    assertTrue(
        refusal(
                "{"
                    + POOL
                    + "\"route\": {\"type\": \"FailoverRoute\", \"children\": \"Pool|a\","
                    + " \"failover_errors\": [\"oops\"]}}")
            .startsWith("$.route.failover_errors: unknown failover error 'oops'"));
  }

  @Test
  void aNamedHandleUsedTwiceIsOneNodeOfTheTree() throws Exception {
    var spec =
        ConfigReader.read(
            "{"
                + POOL
                + "\"named_handles\": [{\"name\": \"main\", \"type\": \"PoolRoute\","
                + " \"pool\": \"a\"}],"
                + " \"route\": {\"type\": \"AllSyncRoute\", \"children\": [\"main\", \"main\"]}}",
            "",
            LoaderOptions.defaults());
    var fanout = (RouteSpec.Fanout) spec.defaultRoute();
    assertTrue(fanout.children().get(0) == fanout.children().get(1));
  }

  @Test
  void reportsCountsAndDigestOfAValidConfig() {
    String json =
        "{\"pools\": {\"a\": {\"servers\": [\"h0:11211\", \"h1:11211\"]},"
            + " \"b\": {\"servers\": [\"h2:11211\"]}},"
            + " \"route\": {\"type\": \"AllSyncRoute\", \"children\": [\"PoolRoute|a\", \"PoolRoute|b\"]}}";
    ConfigValidator.Result r = ConfigValidator.validate(json);
    assertTrue(r.valid(), r.error());
    assertEquals(2, r.pools());
    assertEquals(3, r.servers());
    assertEquals(ConfigReader.md5(json), r.md5());
  }

  @Test
  void reportsThePathOfTheFirstProblem() {
    ConfigValidator.Result r =
        ConfigValidator.validate(
            "{\"pools\": {\"a\": {\"servers\": [\"h0:70000\"]}}, \"route\": \"PoolRoute|a\"}");
    assertFalse(r.valid());
    assertEquals("$.pools.a.servers[0]: port out of range in 'h0:70000'", r.error());
  }

  @Test
  void appliesConfigParams() {
    assertTrue(
        ConfigValidator.validate(
                "{\"pools\": {\"a\": {\"servers\": [\"%h%:1\"]}}, \"route\": \"PoolRoute|a\"}",
                Map.of("h", "host"))
            .valid());
  }

  @Test
  void aSelfContainedConfigMayNotImportAFile() {
    ConfigValidator.Result r =
        ConfigValidator.validateSelfContained(
            "{\"pools\": {\"a\": \"@import(/etc/hostname)\"}, \"route\": \"PoolRoute|a\"}",
            LoaderOptions.defaults());
    assertFalse(r.valid());
    assertTrue(r.error().startsWith("$.pools.a: @import is not possible"), r.error());
  }
}
