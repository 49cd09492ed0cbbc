package io.memkube.e2e.dataplane;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

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
}
