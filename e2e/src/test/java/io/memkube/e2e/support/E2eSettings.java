package io.memkube.e2e.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the suite finds the repository's artifacts and where it writes what it saw. */
public final class E2eSettings {

  private E2eSettings() {}

  /**
   * The repository root (the failsafe configuration passes it; the working directory otherwise).
   */
  public static Path repositoryRoot() {
    String configured = System.getProperty("memkube.root");
    Path root = Path.of(configured != null ? configured : "..").toAbsolutePath().normalize();
    if (!Files.isDirectory(root.resolve("crds"))) {
      throw new IllegalStateException(
          "memkube.root=" + root + " is not the repository root (it has no crds/ folder)");
    }
    return root;
  }

  /** The build's output folder for logs, events and object dumps. */
  public static Path outputDirectory() {
    String configured = System.getProperty("memkube.e2e.output");
    return Path.of(configured != null ? configured : "target/e2e").toAbsolutePath().normalize();
  }
}
