package io.memkube.e2e.support;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * A fresh namespace per test class on the cluster KUBECONFIG names, and a client for it. A failed
 * test dumps the namespace into {@code target/e2e/<class>/<test>/} before it is deleted.
 *
 * <p>Register it as a static field with {@code @RegisterExtension}.
 */
public final class TestNamespace implements BeforeAllCallback, AfterAllCallback, TestWatcher {

  private final String prefix;
  private KubernetesClient client;
  private String name;

  public TestNamespace(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    client = new KubernetesClientBuilder().build();
    name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("app.kubernetes.io/part-of", "memkube-e2e")
                .endMetadata()
                .build())
        .create();
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    FailureDump.write(
        name,
        E2eSettings.outputDirectory()
            .resolve(context.getRequiredTestClass().getSimpleName())
            .resolve(context.getRequiredTestMethod().getName()));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (client != null) {
      if (name != null) {
        client.namespaces().withName(name).delete();
      }
      client.close();
    }
  }

  /** The namespace's name. */
  public String name() {
    return name;
  }

  /** A client with the cluster's admin credentials (the kubeconfig's current context). */
  public KubernetesClient client() {
    return client;
  }
}
