package io.memkube.operator.spec;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.memkube.api.v1alpha1.MemcachedClusterSpec;
import io.memkube.api.v1alpha1.Quantities;
import io.memkube.api.v1alpha1.RoutingSpec;
import io.memkube.operator.proxy.ProxyConfigOverrides;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks the schema cannot make: they compare fields of arbitrary Kubernetes types (resource
 * quantities in any notation), or they protect objects that bypassed the schema. A spec with a
 * problem is not applied at all (no partial change) and gets a Degraded condition that says why.
 */
public final class SpecProblems {

  private SpecProblems() {}

  /** The problems of a spec with defaults applied; empty when it can be applied. */
  public static List<String> of(MemcachedClusterSpec spec) {
    List<String> problems = new ArrayList<>();
    long memory;
    long maxItemSize;
    try {
      memory = Quantities.bytes("spec.memory", spec.getMemory());
      maxItemSize = Quantities.bytes("spec.maxItemSize", spec.getMaxItemSize());
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
      return problems;
    }
    if (spec.getReplicas() < 0) {
      problems.add("spec.replicas must be >= 0, got " + spec.getReplicas());
    }
    if (maxItemSize * 2 > memory) {
      problems.add("spec.maxItemSize must be at most half of spec.memory");
    }
    RoutingSpec routing = spec.getProxy().getRouting();
    if (routing.getMode() == RoutingSpec.Mode.Replicated
        && spec.getReplicas() % routing.getReplicaGroups() != 0) {
      problems.add(
          "spec.replicas must be a multiple of spec.proxy.routing.replicaGroups in Replicated mode");
    }
    ProxyConfigOverrides.problem(routing).ifPresent(problems::add);
    if (routing.getDeleteStream() != null && routing.getDeleteStream().getSizeLimit() != null) {
      try {
        if (Quantity.getAmountInBytes(routing.getDeleteStream().getSizeLimit()).longValue()
            < 1024 * 1024) {
          problems.add("spec.proxy.routing.deleteStream.sizeLimit must be at least 1Mi");
        }
      } catch (IllegalArgumentException | ArithmeticException e) {
        problems.add("spec.proxy.routing.deleteStream.sizeLimit cannot be read: " + e.getMessage());
      }
    }
    if (spec.getTls() != null
        && Boolean.TRUE.equals(spec.getTls().getRequireClientCertificatesFromApplications())
        && !spec.getProxy().getEnabled()) {
      problems.add(
          "spec.tls.requireClientCertificatesFromApplications needs the proxy (spec.proxy.enabled):"
              + " without it applications reach the cache servers, whose client certificates"
              + " spec.tls.requireClientCertificates checks");
    }
    checkResources("spec.resources", spec.getResources(), memory, problems);
    checkResources("spec.proxy.resources", spec.getProxy().getResources(), 0, problems);
    return problems;
  }

  private static void checkResources(
      String field, ResourceRequirements resources, long minMemoryLimit, List<String> problems) {
    if (resources == null) {
      return;
    }
    Map<String, Quantity> limits = resources.getLimits() == null ? Map.of() : resources.getLimits();
    Map<String, Quantity> requests =
        resources.getRequests() == null ? Map.of() : resources.getRequests();
    try {
      for (var request : requests.entrySet()) {
        Quantity limit = limits.get(request.getKey());
        if (limit != null && bytes(request.getValue()).compareTo(bytes(limit)) > 0) {
          problems.add(
              String.format(
                  "%s.requests.%s (%s) is above %s.limits.%s (%s)",
                  field, request.getKey(), request.getValue(), field, request.getKey(), limit));
        }
      }
      Quantity memoryLimit = limits.get("memory");
      if (memoryLimit != null
          && bytes(memoryLimit).compareTo(BigDecimal.valueOf(minMemoryLimit)) < 0) {
        problems.add(
            String.format(
                "%s.limits.memory (%s) is below spec.memory (%d bytes): the cache server would be"
                    + " killed for running out of memory once the cache fills up",
                field, memoryLimit, minMemoryLimit));
      }
    } catch (IllegalArgumentException | ArithmeticException e) {
      problems.add(field + " holds a quantity that cannot be read: " + e.getMessage());
    }
  }

  private static BigDecimal bytes(Quantity quantity) {
    return Quantity.getAmountInBytes(quantity);
  }
}
