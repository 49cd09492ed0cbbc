package io.memkube.proxy.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.proxy.RunningProxy;
import io.memkube.proxy.hash.Ch3Hash;
import io.memkube.proxy.hash.SpookyHashV2;
import io.memkube.proxy.testing.MemcachedProcess;
import io.memkube.proxy.testing.ProxyFixture;
import io.memkube.proxy.testing.TextClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Shadows receive exactly the share their ranges say, on real memcached: the keys that land on the
 * servers of {@code index_range} (end excluded) and whose SpookyHashV2 falls in {@code
 * key_fraction_range}, and no other.
 */
class ShadowingTest {
  static final int KEYS = 1500;
  static List<MemcachedProcess> production = new ArrayList<>();
  static MemcachedProcess shadow;

  @BeforeAll
  static void start() throws Exception {
    for (int i = 0; i < 3; i++) {
      production.add(MemcachedProcess.start());
    }
    shadow = MemcachedProcess.start();
  }

  @AfterAll
  static void stop() {
    production.forEach(MemcachedProcess::close);
    shadow.close();
  }

  private static String pools() {
    return """
        "pools": {"production": {"servers": ["%s", "%s", "%s"]},
                  "test": {"servers": ["%s"]}}
        """
        .formatted(
            production.get(0).address(),
            production.get(1).address(),
            production.get(2).address(),
            shadow.address());
  }

  private static long hash(String key) {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    return SpookyHashV2.hash32(k, 0, k.length, 0) & 0xFFFFFFFFL;
  }

  /** Sets every key through the proxy, then returns the keys the shadow server holds. */
  private static Set<String> shadowedKeys(String config, String prefix) throws Exception {
    try (RunningProxy p = ProxyFixture.start(config);
        TextClient c = new TextClient(p.port())) {
      StringBuilder sets = new StringBuilder();
      for (int i = 0; i < KEYS; i++) {
        sets.append("set ").append(prefix).append(i).append(" 0 0 1 noreply\r\nv\r\n");
      }
      c.send(sets.toString());
      assertEquals("VERSION memkube-proxy 0.1.0", c.line("version\r\n"));
      // each shadow copy went out before its normal request; a last round trip and a short
      // pause let the shadow server finish the ones still on the wire
      c.until("get " + prefix + "0\r\n", "END");
      Thread.sleep(300);
    }
    Set<String> held = new HashSet<>();
    try (TextClient direct = new TextClient(shadow.port())) {
      for (int i = 0; i < KEYS; i++) {
        if (direct.until("get " + prefix + i + "\r\n", "END").startsWith("VALUE")) {
          held.add(prefix + i);
        }
      }
    }
    return held;
  }

  private static Set<String> expected(String prefix, Predicate<String> rule) {
    Set<String> out = new HashSet<>();
    for (int i = 0; i < KEYS; i++) {
      if (rule.test(prefix + i)) {
        out.add(prefix + i);
      }
    }
    return out;
  }

  @Test
  void aPoolRouteShadowGetsTheKeysOfItsIndexRangeWithinItsKeyFraction() throws Exception {
    String config =
        "{"
            + pools()
            + """
            , "route": {"type": "PoolRoute", "pool": "production",
                "shadows": [{"target": "PoolRoute|test", "index_range": [0, 2],
                             "key_fraction_range": [0, 0.25]}]}}
            """;
    Ch3Hash ch3 = new Ch3Hash(3);
    Set<String> want =
        expected(
            "pr",
            k ->
                ch3.bucket(k.getBytes(StandardCharsets.UTF_8)) < 2
                    && hash(k) <= (long) (0.25 * 0xFFFFFFFFL));
    Set<String> got = shadowedKeys(config, "pr");
    assertEquals(want, got);
    // about 2/3 of the servers' keys times a quarter of the key space
    double share = got.size() / (double) KEYS;
    assertTrue(share > 0.12 && share < 0.22, "shadowed share " + share);
  }

  @Test
  void aShadowRouteSendsItsKeyFractionToTheTargetAndAnswersFromNormal() throws Exception {
    String config =
        "{"
            + pools()
            + """
            , "route": {"type": "ShadowRoute", "normal": "PoolRoute|production",
                "shadows": [{"target": "PoolRoute|test", "key_fraction_range": [0.5, 1]}]}}
            """;
    Set<String> want = expected("sr", k -> hash(k) >= (long) (0.5 * 0xFFFFFFFFL));
    assertEquals(want, shadowedKeys(config, "sr"));
  }

  @Test
  void aShadowWithoutRangesReceivesNothingAsInMcrouter() throws Exception {
    String config =
        "{"
            + pools()
            + """
            , "route": {"type": "PoolRoute", "pool": "production",
                "shadows": [{"target": "PoolRoute|test"}]}}
            """;
    assertEquals(Set.of(), shadowedKeys(config, "none"));
  }
}
