package io.memkube.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigValidatorTest {

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
    assertEquals(ConfigLoader.md5(json), r.md5());
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
}
