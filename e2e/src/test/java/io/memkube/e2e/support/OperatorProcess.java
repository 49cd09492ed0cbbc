package io.memkube.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The operator as users run it outside a cluster: {@code java -jar quarkus-run.jar} with a
 * kubeconfig. Its log goes to the build's output ({@code target/e2e/operator-*.log}) whatever the
 * outcome.
 */
public final class OperatorProcess implements AutoCloseable {

  private final Process process;
  private final Path log;
  private final int httpPort;

  private OperatorProcess(Process process, Path log, int httpPort) {
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
  }

  /** The operator's packaged application in this repository. */
  public static Path jar() {
    return E2eSettings.repositoryRoot().resolve("operator/target/quarkus-app/quarkus-run.jar");
  }

  /** Starts the operator with {@code kubeconfig}; {@code name} names its log file. */
  public static OperatorProcess start(Path kubeconfig, String name) {
    Path jar = jar();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar
              + " is missing: build it with ./mvnw -pl operator -am package (e2e/bin/run-suite does)");
    }
    try {
      int port = freePort();
      Path log = E2eSettings.outputDirectory().resolve("operator-" + name + ".log");
      Files.createDirectories(log.getParent());
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Dquarkus.http.port=" + port);
      command.add("-Dquarkus.http.host=127.0.0.1");
      // Extra JVM options for a run by hand (e.g. another log level); the suite sets none.
      String extra = System.getProperty("memkube.e2e.operator.jvm-args", "").trim();
      if (!extra.isEmpty()) {
        command.addAll(List.of(extra.split("\\s+")));
      }
      command.add("-jar");
      command.add(jar.toString());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
      builder.environment().put("KUBECONFIG", kubeconfig.toString());
      Process process = builder.start();
      // A test JVM that is stopped (Ctrl-C, a failsafe timeout) must not leave an operator behind.
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
      return new OperatorProcess(process, log, port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the operator", e);
    }
  }

  /** GETs a path of the operator's HTTP server (health, metrics) and returns status and body. */
  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /** Stops the operator the way Kubernetes does: SIGTERM, then SIGKILL after a grace period. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** Kills the operator without a chance to clean up, as a node failure would. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
