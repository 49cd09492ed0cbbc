package io.memkube.operator.dependent;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.memkube.api.v1alpha1.DeleteStreamSpec;
import java.util.List;

/**
 * The proxy's delete spool ({@code -a}): an emptyDir, not a hostPath. An emptyDir keeps the spool
 * across restarts of the proxy container (a crash, an OOM kill, a failed liveness probe: the cases
 * where deletes pile up unseen) and needs nothing the restricted Pod Security Standard forbids; a
 * hostPath would also survive the pod's replacement (a DaemonSet rollout) but is forbidden there,
 * needs the directory prepared for the non-root user on every node, and outlives the cluster that
 * wrote it. What a replaced pod leaves undelivered is lost, as with mcrouter's spool on a pod.
 */
final class DeleteSpoolVolume {
  static final String NAME = "delete-spool";
  static final String PATH = "/var/spool/memkube-proxy";

  private DeleteSpoolVolume() {}

  /**
   * The proxy's flags: the spool on the volume, bounded to 90% of it so the kubelet never evicts
   * the pod for a full emptyDir; or the delete stream off.
   */
  static List<String> args(DeleteStreamSpec deletes) {
    if (!Boolean.TRUE.equals(deletes.getEnabled())) {
      return List.of("--asynclog-disable");
    }
    long bytes = Quantity.getAmountInBytes(deletes.getSizeLimit()).longValue();
    return List.of("--async-dir=" + PATH, "--async-spool-max-bytes=" + bytes * 9 / 10);
  }

  static Volume volume(DeleteStreamSpec deletes) {
    return new VolumeBuilder()
        .withName(NAME)
        .withNewEmptyDir()
        .withSizeLimit(deletes.getSizeLimit())
        .endEmptyDir()
        .build();
  }

  static VolumeMount mount() {
    return new VolumeMountBuilder().withName(NAME).withMountPath(PATH).build();
  }
}
