package io.memkube.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code kubectl} on PATH against the cluster KUBECONFIG names: the suite checks what a
 * user sees (apply of the shipped files, printer columns, scale), not only what the API returns.
 */
public final class Kubectl {

  private static final long TIMEOUT_SECONDS = 300;

  private Kubectl() {}

  /** What a finished kubectl run printed. */
  public record Result(int exitCode, String stdout, String stderr) {
    public boolean succeeded() {
      return exitCode == 0;
    }
  }

  /** Runs kubectl and returns what it printed, whatever its exit code. */
  public static Result run(String... args) {
    return runTool("kubectl", args);
  }

  /** Runs a command-line tool from PATH with a timeout; returns what it printed. */
  static Result runTool(String tool, String... args) {
    List<String> command = new ArrayList<>();
    command.add(tool);
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("kubectl", ".out");
      Path err = Files.createTempFile("kubectl", ".err");
      try {
        Process process =
            new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException(
              "timed out after " + TIMEOUT_SECONDS + " s: " + String.join(" ", command));
        }
        return new Result(
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
    }
  }

  /** Runs kubectl and returns its standard output; a failure raises with its error output. */
  public static String ok(String... args) {
    return okTool("kubectl", args);
  }

  /** Runs a tool, returns its standard output; a failure raises with its error output. */
  static String okTool(String tool, String... args) {
    Result result = runTool(tool, args);
    if (!result.succeeded()) {
      throw new AssertionError(
          tool
              + " "
              + String.join(" ", args)
              + " failed ("
              + result.exitCode()
              + "): "
              + result.stderr()
              + result.stdout());
    }
    return result.stdout();
  }

  /** Runs {@code kubectl apply -f} on a manifest given as text, as a user applying a file would. */
  public static Result apply(String namespace, String manifest) {
    try {
      Path file = Files.createTempFile("manifest", ".yaml");
      try {
        Files.writeString(file, manifest, StandardCharsets.UTF_8);
        return run("apply", "-n", namespace, "-f", file.toString());
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a manifest", e);
    }
  }
}
