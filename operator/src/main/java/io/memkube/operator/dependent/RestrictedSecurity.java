package io.memkube.operator.dependent;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;

/**
 * The "restricted" Pod Security Standard: non-root with a numeric user (so the kubelet can check it
 * whatever the image says), no privilege escalation, no capabilities, the runtime's seccomp profile
 * and a read-only root filesystem with a small writable {@code /tmp} for the JVM.
 */
final class RestrictedSecurity {

  /** The images' non-root user (distroless's "nonroot", as deploy/images builds them). */
  static final long USER = 65532;

  private RestrictedSecurity() {}

  static PodSecurityContext pod() {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(USER)
        .withRunAsGroup(USER)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  static SecurityContext container() {
    return new SecurityContextBuilder()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .build();
  }

  static Volume tmpVolume() {
    return new VolumeBuilder()
        .withName("tmp")
        .withNewEmptyDir()
        .withNewSizeLimit("64Mi")
        .endEmptyDir()
        .build();
  }

  static VolumeMount tmpMount() {
    return new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build();
  }
}
