package io.memkube.operator.cache;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.memkube.api.v1alpha1.MemcachedClusterSpec;
import io.memkube.api.v1alpha1.Quantities;
import io.memkube.operator.config.OperatorSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cache container's resources: what the user wrote in {@code spec.resources}, completed with a
 * memory limit of {@code spec.memory} plus overhead and a request equal to it (the cache's memory
 * is all used once it is warm, so requesting less would only invite eviction of the pod).
 */
public final class CacheResources {

  private static final long MIB = 1L << 20;
  private static final int MILLICPU_PER_THREAD = 100;

  private CacheResources() {}

  /** Resources of the cache container. */
  public static ResourceRequirements of(MemcachedClusterSpec spec, OperatorSettings settings) {
    ResourceRequirements user = spec.getResources();
    Map<String, Quantity> limits = new LinkedHashMap<>();
    Map<String, Quantity> requests = new LinkedHashMap<>();
    if (user != null && user.getLimits() != null) {
      limits.putAll(user.getLimits());
    }
    if (user != null && user.getRequests() != null) {
      requests.putAll(user.getRequests());
    }
    limits.putIfAbsent("memory", new Quantity(memoryLimitMebibytes(spec, settings) + "Mi"));
    requests.putIfAbsent("memory", limits.get("memory"));
    requests.putIfAbsent("cpu", new Quantity((spec.getThreads() * MILLICPU_PER_THREAD) + "m"));
    return new ResourceRequirementsBuilder().withLimits(limits).withRequests(requests).build();
  }

  /** {@code spec.memory} plus the fixed and proportional overhead, rounded up to a mebibyte. */
  public static long memoryLimitMebibytes(MemcachedClusterSpec spec, OperatorSettings settings) {
    long memory = Quantities.bytes("spec.memory", spec.getMemory());
    long bytes =
        memory + settings.memoryOverheadBytes() + memory / 100 * settings.memoryOverheadPercent();
    return (bytes + MIB - 1) / MIB;
  }
}
