package io.memkube.proxy.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.proxy.config.ConfigLoader;
import io.memkube.proxy.config.DestinationRegistry;
import io.memkube.proxy.config.LoadedConfig;
import io.memkube.proxy.configmodel.parse.ConfigException;
import io.memkube.proxy.configmodel.parse.LoaderOptions;
import io.memkube.proxy.health.TkoTracker;
import io.memkube.proxy.pool.ServerDialer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pool's {@code credentials_file} and {@code --pool-credentials-file}: the first entry of a
 * {@code -Y} file logs the pool's servers in, one file is read once for every pool that names it, a
 * pool's own file wins over the default, and a file that cannot be used makes the config invalid
 * with the field's path.
 */
class PoolCredentialsConfigTest {
  @TempDir Path dir;

  private static LoadedConfig load(CredentialFiles files, String pools) throws ConfigException {
    DestinationRegistry registry =
        new DestinationRegistry(a -> new TkoTracker(a.toString(), 3, t -> {}), files);
    return new ConfigLoader(LoaderOptions.defaults(), registry)
        .load("{\"pools\": {" + pools + "}, \"route\": \"PoolRoute|A\"}", "test");
  }

  @Test
  void poolsLogInWithTheFirstEntryOfTheirFileOrTheDefault() throws Exception {
    Path a = Files.writeString(dir.resolve("a"), "first:one\nsecond:two\n");
    Path fallback = Files.writeString(dir.resolve("default"), "fallback:pw\n");
    CredentialFiles files = CredentialFiles.withDefault(fallback);
    LoadedConfig cfg =
        load(
            files,
            "\"A\": {\"servers\": [\"127.0.0.1:1\"], \"credentials_file\": \""
                + a
                + "\"}, \"B\": {\"servers\": [\"127.0.0.1:2\"]},"
                + " \"C\": {\"servers\": [\"127.0.0.1:3\"], \"credentials_file\": \""
                + a
                + "\"}");
    ServerCredentials ofA = cfg.pools().get("A").servers().get(0).credentials();
    assertEquals("first", ofA.login().userName());
    assertSame(ofA, cfg.pools().get("C").servers().get(0).credentials(), "read once");
    assertEquals(
        "fallback", cfg.pools().get("B").servers().get(0).credentials().login().userName());
    assertEquals("A", cfg.pools().get("A").servers().get(0).credentialsPool());
    assertArrayEquals(
        "set __memkube_proxy_login 0 -1 9\r\nfirst one\r\n".getBytes(StandardCharsets.US_ASCII),
        ServerDialer.loginRequest(ofA.login()));

    Files.writeString(a, "rotated:three\n");
    assertEquals("user rotated", ofA.reload());
    Files.writeString(a, "no colon\n");
    assertThrows(RuntimeException.class, ofA::reload);
    assertEquals("rotated", ofA.login().userName(), "a bad file keeps the login in force");
  }

  private static String errorFor(Path credentials) {
    return assertThrows(
            ConfigException.class,
            () ->
                load(
                    CredentialFiles.none(),
                    "\"A\": {\"servers\": [\"127.0.0.1:1\"], \"credentials_file\": \""
                        + credentials
                        + "\"}"))
        .getMessage();
  }

  @Test
  void aFileThatCannotBeUsedMakesTheConfigInvalid() throws Exception {
    String missing = errorFor(dir.resolve("nothing"));
    assertTrue(missing.startsWith("$.pools.A.credentials_file: Could not open authfile"), missing);
    String none = errorFor(Files.writeString(dir.resolve("empty"), ""));
    assertTrue(none.contains("has no 'user:password' line"), none);
    // a config check does not read the files
    LoadedConfig checked =
        load(
            CredentialFiles.forValidation(),
            "\"A\": {\"servers\": [\"127.0.0.1:1\"], \"credentials_file\": \"/nowhere\"}");
    assertNull(checked.pools().get("A").servers().get(0).credentials());
  }
}
