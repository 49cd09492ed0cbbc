package io.memkube.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.proxy.configmodel.parse.ConfigException;
import io.memkube.proxy.configmodel.parse.LoaderOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportsTest {

  private static LoadedConfig load(Path main) throws Exception {
    return new ConfigLoader(LoaderOptions.defaults(), DestinationRegistry.forValidation())
        .load(Files.readString(main), main.toString());
  }

  @Test
  void replacesImportStringsWithTheFilesJsonRelativeToTheImporter(@TempDir Path dir)
      throws Exception {
    Files.createDirectories(dir.resolve("pools"));
    Files.writeString(
        dir.resolve("pools/main.json"), "{\"servers\": \"@import(servers.json)\", // nested\n}");
    Files.writeString(dir.resolve("pools/servers.json"), "[\"h1:11211\", \"h2:11211\"]");
    Path main = dir.resolve("config.json");
    Files.writeString(
        main, "{\"pools\": {\"A\": \"@import(pools/main.json)\"}, \"route\": \"PoolRoute|A\"}");
    assertEquals(2, load(main).pools().get("A").servers().size());
  }

  @Test
  void refusesImportCyclesAndMissingFilesNamingThePath(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.json"), "\"@import(b.json)\"");
    Files.writeString(dir.resolve("b.json"), "\"@import(a.json)\"");
    Path main = dir.resolve("config.json");
    Files.writeString(
        main, "{\"pools\": {\"A\": \"@import(a.json)\"}, \"route\": \"PoolRoute|A\"}");
    String cycle = assertThrows(ConfigException.class, () -> load(main)).getMessage();
    assertTrue(cycle.startsWith("$.pools.A: import cycle"), cycle);

    Files.writeString(
        main, "{\"pools\": {\"A\": \"@import(nope.json)\"}, \"route\": \"PoolRoute|A\"}");
    String missing = assertThrows(ConfigException.class, () -> load(main)).getMessage();
    assertTrue(missing.startsWith("$.pools.A: cannot import"), missing);
  }

  @Test
  void aChangedImportedFileIsReloaded(@TempDir Path dir) throws Exception {
    Path servers = dir.resolve("servers.json");
    Files.writeString(servers, "[\"127.0.0.1:1\"]");
    Path main = dir.resolve("config.json");
    Files.writeString(
        main,
        "{\"pools\": {\"A\": {\"servers\": \"@import(servers.json)\"}}, \"route\": \"PoolRoute|A\"}");
    try (var proxy = io.memkube.proxy.testing.ProxyFixture.startWatching(main)) {
      assertEquals(1, proxy.state().config().pools().get("A").servers().size());
      Files.writeString(servers, "[\"127.0.0.1:1\", \"127.0.0.1:2\"]");
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (proxy.state().config().pools().get("A").servers().size() != 2) {
        assertTrue(System.nanoTime() < deadline, "imported file change not picked up");
        Thread.sleep(20);
      }
      Files.writeString(servers, "[\"nonsense\"]");
      while (proxy.state().stats().configReloadFailures.sum() != 1) {
        assertTrue(System.nanoTime() < deadline, "bad import not rejected");
        Thread.sleep(20);
      }
      Thread.sleep(300); // several more polls: the same bad file is not retried and counted again
      assertEquals(1, proxy.state().stats().configReloadFailures.sum());
      assertEquals(1, proxy.state().stats().configReloads.sum());
    }
  }
}
