package io.memkube.e2e.support;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real proxy's {@code --validate-config} on the config files of a proxy ConfigMap: what
 * the operator writes must load in the proxy that reads it.
 */
public final class ProxyValidator {

  private ProxyValidator() {}

  /** The proxy's packaged jar in this repository. */
  public static Path jar() {
    return E2eSettings.repositoryRoot().resolve("proxy/target/memkube-proxy.jar");
  }

  /** Validates every {@code *.json} file of {@code config}; fails with the proxy's message. */
  public static void validate(ConfigMap config) {
    Path jar = jar();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build it with ./mvnw -pl proxy -am package (e2e/bin/run-suite does)");
    }
    Map<String, String> data = config.getData() == null ? Map.of() : config.getData();
    if (data.keySet().stream().noneMatch(k -> k.endsWith(".json"))) {
      throw new AssertionError("the proxy ConfigMap has no .json file: " + data.keySet());
    }
    for (var entry : data.entrySet()) {
      if (entry.getKey().endsWith(".json")) {
        validate(entry.getKey(), entry.getValue(), jar);
      }
    }
  }

  private static void validate(String name, String json, Path jar) {
    try {
      Path file = Files.createTempFile("proxy-config", ".json");
      Path output = Files.createTempFile("proxy-validate", ".out");
      try {
        Files.writeString(file, json, StandardCharsets.UTF_8);
        Process process =
            new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar",
                    jar.toString(),
                    "--validate-config",
                    "--config",
                    "file:" + file)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError("the proxy's --validate-config did not finish in 60 s");
        }
        if (process.exitValue() != 0) {
          throw new AssertionError(
              "the proxy refuses "
                  + name
                  + ": "
                  + Files.readString(output)
                  + "\n--- config ---\n"
                  + json);
        }
      } finally {
        Files.deleteIfExists(file);
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run the proxy's validator", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
