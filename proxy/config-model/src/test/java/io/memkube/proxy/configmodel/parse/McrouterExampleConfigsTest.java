package io.memkube.proxy.configmodel.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Configs in the shapes of mcrouter's documented setups (test resources {@code mcrouter-examples/})
 * load as they are, or are refused with a message that names what memkube does not support.
 */
class McrouterExampleConfigsTest {

  private static String fixture(String name) throws IOException {
    try (InputStream in =
        McrouterExampleConfigsTest.class.getResourceAsStream("/mcrouter-examples/" + name)) {
      assertNotNull(in, name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "sharded-pool.json, 1, 3",
    "replicated-pools.json, 2, 4",
    "prefix-routing.json, 3, 3",
    "multi-cluster-broadcast.json, 2, 2",
    "cold-cache-warm-up.json, 2, 2",
    "shadowing.json, 2, 4",
    "two-level-small-ttl.json, 2, 3",
    "two-level-replicate-all.json, 3, 5",
    "l1l2-and-keysplit.json, 2, 3",
    "jsonm-pools.json, 2, 6",
    "original-client-hash.json, 2, 2"
  })
  void mcroutersDocumentedSetupsLoad(String file, int pools, int servers) throws Exception {
    ConfigValidator.Result r =
        ConfigValidator.validate(
            fixture(file), new LoaderOptions(1000, "/././", false, Map.of(), 0));
    assertTrue(r.valid(), file + ": " + r.error());
    assertEquals(pools, r.pools(), file);
    assertEquals(servers, r.servers(), file);
  }

  @ParameterizedTest
  @CsvSource({
    "refused-failover-settings.json, $.route.settings: unknown field 'settings'",
    "refused-legacy-hash-salt.json, $.pools.A.hash_salt: unknown field 'hash_salt'",
    "refused-big-value.json, mcrouter's BigValueRoute is not supported by memkube-proxy"
  })
  void whatMemkubeDoesNotSupportIsRefusedByName(String file, String names) throws Exception {
    ConfigValidator.Result r = ConfigValidator.validate(fixture(file));
    assertFalse(r.valid(), file);
    assertTrue(r.error().contains(names.strip()), file + ": " + r.error());
  }
}
