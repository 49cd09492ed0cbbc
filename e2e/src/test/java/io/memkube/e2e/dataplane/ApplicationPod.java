package io.memkube.e2e.dataplane;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.memkube.e2e.support.Kubectl;
import io.memkube.e2e.support.TestNamespace;
import java.time.Duration;

/**
 * The test application's pod as a user would write it: on the real node, told its node's name by
 * the downward API so that it talks to the proxy on its own node. Tests that need more (TLS, a
 * login) edit what this returns.
 */
final class ApplicationPod {
  static final String NAME = "cache-app";
  private static final String IMAGE =
      System.getProperty("memkube.e2e.app.image", "memkube.invalid/e2e-app:0.1.0-SNAPSHOT");

  private ApplicationPod() {}

  /** A pod that writes {@code count} keys through its node's proxy, then exits. */
  static Pod writer(int count) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(NAME)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withNodeSelector(RealNode.NODE_SELECTOR)
        .withTolerations(RealNode.TOLERATIONS)
        .addNewContainer()
        .withName("app")
        .withImage(IMAGE)
        .withImagePullPolicy("IfNotPresent")
        .withArgs("write", "app", Integer.toString(count))
        .addNewEnv()
        .withName("NODE_NAME")
        .withNewValueFrom()
        .withNewFieldRef()
        .withFieldPath("spec.nodeName")
        .endFieldRef()
        .endValueFrom()
        .endEnv()
        .endContainer()
        .endSpec()
        .build();
  }

  /**
   * Runs {@code app} (a {@link #writer}) in {@code namespace} until it ends, and checks that it
   * succeeded having stored all {@code count} keys; its log is the message of a failure.
   */
  static void runWriter(TestNamespace namespace, Pod app, int count, Duration timeout) {
    var pods = namespace.client().pods().inNamespace(namespace.name());
    pods.resource(app).create();
    await()
        .atMost(timeout)
        .until(
            () -> {
              String phase = pods.withName(NAME).get().getStatus().getPhase();
              return "Succeeded".equals(phase) || "Failed".equals(phase);
            });
    String log = Kubectl.ok("logs", NAME, "-n", namespace.name());
    assertEquals("Succeeded", pods.withName(NAME).get().getStatus().getPhase(), log);
    assertTrue(log.contains("stored " + count + " of " + count), log);
  }
}
