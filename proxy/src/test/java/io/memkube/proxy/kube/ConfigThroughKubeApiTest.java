package io.memkube.proxy.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.proxy.RunningProxy;
import io.memkube.proxy.config.ConfigSource;
import io.memkube.proxy.configmodel.parse.LoaderOptions;
import io.memkube.proxy.state.ProxyOptions;
import io.memkube.proxy.testing.FakeApiServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy follows its ConfigMap through the API server within a second, not when the kubelet
 * rewrites the mounted file; it reports each config it runs; and the file takes over while the API
 * cannot be read.
 */
class ConfigThroughKubeApiTest {
  private static final ObjectRef CONFIG = new ObjectRef("ns", "web-proxy");
  private static final ObjectRef REPORTS = new ObjectRef("ns", "web-proxy-status");

  private static String config(int port) {
    return "{\"pools\": {\"A\": {\"servers\": [\"127.0.0.1:%d\"]}}, \"route\": \"PoolRoute|A\"}"
        .formatted(port);
  }

  private static RunningProxy start(Path file, FakeApiServer api) throws Exception {
    return RunningProxy.start(
        new ConfigSource.FromFile(file),
        new LoaderOptions(1000, "/././", false, Map.of(), 1),
        ProxyOptions.defaults(),
        new RunningProxy.HealthSettings(3, 200, 1000),
        1,
        List.of(new InetSocketAddress("127.0.0.1", 0)),
        50,
        0,
        null,
        new RunningProxy.KubeDelivery(
            new KubeApi(api.uri(), () -> "token-1", null),
            CONFIG,
            "config.json",
            REPORTS,
            "node-a"));
  }

  @Test
  void aChangedConfigMapRunsWithinASecondWhileTheMountedFileIsStillOld(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, config(1));
    try (FakeApiServer api = new FakeApiServer("ns", "web-proxy", "config.json", config(1));
        RunningProxy proxy = start(file, api)) {
      awaitTrue(() -> api.patches().contains(report(config(1))), 5000, "first report");

      long start = System.nanoTime();
      api.update(config(2));
      awaitTrue(() -> md5(config(2)).equals(proxy.state().config().md5()), 5000, "new config");
      long tookMillis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(tookMillis < 1000, "ran the new config after " + tookMillis + " ms");
      awaitTrue(() -> api.patches().contains(report(config(2))), 5000, "second report");

      // The mounted file still holds the old config: it must not step the ring back.
      Thread.sleep(300);
      assertEquals(md5(config(2)), proxy.state().config().md5());
      assertTrue(api.authorizations().stream().allMatch("Bearer token-1"::equals));
    }
  }

  @Test
  void theMountedFileTakesOverWhileTheApiServerFails(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, config(1));
    try (FakeApiServer api = new FakeApiServer("ns", "web-proxy", "config.json", config(1));
        RunningProxy proxy = start(file, api)) {
      awaitTrue(() -> api.patches().contains(report(config(1))), 5000, "first report");
      api.failing(true);
      Thread.sleep(200);
      Files.writeString(file, config(3));
      awaitTrue(() -> md5(config(3)).equals(proxy.state().config().md5()), 5000, "file's config");

      // Back: the API's text is read again and runs.
      api.update(config(4));
      api.failing(false);
      awaitTrue(() -> md5(config(4)).equals(proxy.state().config().md5()), 15000, "API again");
      awaitTrue(() -> api.patches().contains(report(config(4))), 15000, "report after outage");
    }
  }

  private static String report(String config) {
    return "web-proxy-status {\"data\":{\"node-a\":\"" + md5(config) + "\"}}";
  }

  private static void awaitTrue(BooleanSupplier condition, long millis, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
      Thread.sleep(10);
    }
  }

  private static String md5(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
