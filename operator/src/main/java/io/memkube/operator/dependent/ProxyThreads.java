package io.memkube.operator.dependent;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * How many event loops ({@code --num-proxies}, a flag of mcrouter's that memkube's proxy shares) a
 * proxy pod runs: one per CPU it may use. The CPU limit when there is one, else the request,
 * rounded up; one when neither is set (mcrouter's own default). A JVM in a container sees the
 * limit, not the request, so the flag is set from the pod spec rather than left to the proxy to
 * guess.
 */
final class ProxyThreads {

  /** memkube-proxy refuses more (each loop opens its own connections to every server). */
  static final int MAX = 1024;

  private ProxyThreads() {}

  static int of(ResourceRequirements resources) {
    Quantity cpu = cpu(resources.getLimits());
    if (cpu == null) {
      cpu = cpu(resources.getRequests());
    }
    if (cpu == null) {
      return 1;
    }
    BigDecimal cores = Quantity.getAmountInBytes(cpu).setScale(0, RoundingMode.CEILING);
    return cores.max(BigDecimal.ONE).min(BigDecimal.valueOf(MAX)).intValueExact();
  }

  private static Quantity cpu(Map<String, Quantity> quantities) {
    return quantities == null ? null : quantities.get("cpu");
  }
}
