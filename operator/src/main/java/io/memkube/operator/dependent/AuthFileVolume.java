package io.memkube.operator.dependent;

import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.memkube.api.v1alpha1.AuthSpec;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.operator.naming.ClusterNames;

/**
 * The auth Secret mounted as a directory (never a subPath, which would never see the kubelet's
 * update of a changed Secret), so that a SIGHUP makes the server or proxy read the new file.
 */
final class AuthFileVolume {

  static final String NAME = "auth";
  static final String DIR = "/etc/memkube/auth";

  /** The {@code user:password} file, the argument of {@code -Y} and {@code --auth-file}. */
  static final String FILE = DIR + "/" + AuthSpec.SECRET_KEY;

  private AuthFileVolume() {}

  static Volume volume(MemcachedCluster mc) {
    return new VolumeBuilder()
        .withName(NAME)
        .withNewSecret()
        .withSecretName(ClusterNames.authSecret(mc))
        .addNewItem()
        .withKey(AuthSpec.SECRET_KEY)
        .withPath(AuthSpec.SECRET_KEY)
        .endItem()
        // The Secret's default mode (0644, root-owned): the pods set no fsGroup, so a tighter
        // mode would hide the file from the non-root user the servers run as.
        .endSecret()
        .build();
  }

  static VolumeMount mount() {
    return new VolumeMountBuilder().withName(NAME).withMountPath(DIR).withReadOnly(true).build();
  }
}
