package io.memkube.operator.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.api.v1alpha1.ProxySpec;
import io.memkube.api.v1alpha1.RoutingSpec;
import io.memkube.operator.TestClusters;
import io.memkube.operator.spec.SpecDefaults;
import io.memkube.proxy.configmodel.parse.ConfigValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The configurations the operator writes are accepted by the real proxy's validator ({@code
 * memkube-proxy --validate-config}), run as its own process: the proxy brings Netty 4.2, which must
 * not share a class path with the operator's Quarkus.
 */
class ProxyValidatesGeneratedConfigTest {

  /** A patch that shadows a tenth of the first server's keys to a test pool. */
  static final String SHADOWS_PATCH =
      """
      {"pools": {"test": {"servers": ["192.0.2.50:11211"]}},
       "route": {"shadows": [{"target": "PoolRoute|test", "index_range": [0, 1],
                              "key_fraction_range": [0, 0.1]}]}}
      """;

  private static final Path JAR =
      Path.of(System.getProperty("memkube.proxy.jar", "../proxy/target/memkube-proxy.jar"));

  private static String validate(String config) throws IOException, InterruptedException {
    assertTrue(
        Files.isRegularFile(JAR),
        "the proxy's jar "
            + JAR.toAbsolutePath()
            + " is missing: build it first (./mvnw -pl proxy package, or the whole reactor)");
    Path file = Files.createTempFile("memkube-proxy-config", ".json");
    try {
      Files.writeString(file, config);
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-jar",
                  JAR.toString(),
                  "--config",
                  "file:" + file,
                  "--validate-config")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes());
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the validator did not finish");
      assertEquals(0, p.exitValue(), "memkube-proxy refused:\n" + out + "\nconfig:\n" + config);
      return out;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static MemcachedCluster routed(RoutingSpec.Mode mode, RoutingSpec.HashFunction hash) {
    MemcachedCluster mc = TestClusters.cluster("web", "prod");
    mc.getSpec().setProxy(new ProxySpec());
    mc.getSpec().getProxy().setRouting(new RoutingSpec());
    mc.getSpec().getProxy().getRouting().setMode(mode);
    mc.getSpec().getProxy().getRouting().setHashFunction(hash);
    return SpecDefaults.applied(mc);
  }

  @Test
  void shardedCh3ConfigIsValid() throws Exception {
    String out =
        validate(
            ProxyConfigRenderer.render(
                routed(RoutingSpec.Mode.Sharded, RoutingSpec.HashFunction.Ch3),
                3,
                "cluster.local"));
    assertTrue(out.contains("3 server(s)"), out);
  }

  @Test
  void shardedCrc32ConfigIsValid() throws Exception {
    validate(
        ProxyConfigRenderer.render(
            routed(RoutingSpec.Mode.Sharded, RoutingSpec.HashFunction.Crc32), 5, "cluster.local"));
  }

  @Test
  void replicatedConfigIsValid() throws Exception {
    String out =
        validate(
            ProxyConfigRenderer.render(
                routed(RoutingSpec.Mode.Replicated, RoutingSpec.HashFunction.Ch3),
                4,
                "cluster.local"));
    assertTrue(out.contains("2 pool(s)"), out);
  }

  @Test
  void emptyRingConfigIsValid() throws Exception {
    validate(
        ProxyConfigRenderer.render(
            routed(RoutingSpec.Mode.Sharded, RoutingSpec.HashFunction.Ch3), 0, "cluster.local"));
  }

  @Test
  void theValidatorReallyRefusesABrokenConfig() throws Exception {
    // Guards the tests above: a validator that accepted anything would make them prove nothing.
    assertTrue(Files.isRegularFile(JAR), "the proxy's jar " + JAR.toAbsolutePath() + " is missing");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString(),
                "--config-str",
                "{\"route\": {\"type\": \"NoSuchRoute\"}}",
                "--validate-config")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertTrue(p.exitValue() != 0, "an unknown route handle must be refused");
    // one reader: the proxy and the operator refuse it in the same words
    assertTrue(
        out.contains(
            "config invalid: "
                + ConfigValidator.validate("{\"route\": {\"type\": \"NoSuchRoute\"}}").error()),
        out);
  }

  @Test
  void aPatchAddingShadowsAndARawMacroConfigAreValidatedByTheProxy() throws Exception {
    MemcachedCluster patched = routed(RoutingSpec.Mode.Sharded, RoutingSpec.HashFunction.Ch3);
    patched.getSpec().getProxy().getRouting().setConfigPatch(SHADOWS_PATCH);
    String out = validate(ProxyConfigRenderer.render(patched, 3, "cluster.local"));
    assertTrue(out.contains("2 pool(s), 4 server(s)"), out);

    MemcachedCluster raw = routed(RoutingSpec.Mode.Sharded, RoutingSpec.HashFunction.Ch3);
    raw.getSpec()
        .getProxy()
        .getRouting()
        .setRawConfig(
            """
            {"macros": {"pool": {"type": "macroDef", "params": ["host"],
                                  "result": {"servers": ["%host%:11211"]}}},
             "pools": {"A": "@pool(192.0.2.60)"},
             "route": "PoolRoute|A"}
            """);
    out = validate(ProxyConfigRenderer.render(raw, 3, "cluster.local"));
    assertTrue(out.contains("1 pool(s), 1 server(s)"), out);
  }
}
