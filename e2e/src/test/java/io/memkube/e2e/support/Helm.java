package io.memkube.e2e.support;

/** Runs the {@code helm} on PATH against the cluster KUBECONFIG names. */
public final class Helm {

  private Helm() {}

  /** Runs helm and returns its standard output; a failure raises with its error output. */
  public static String ok(String... args) {
    return Kubectl.okTool("helm", args);
  }
}
