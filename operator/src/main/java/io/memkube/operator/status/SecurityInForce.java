package io.memkube.operator.status;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.memkube.api.v1alpha1.SecurityStatus;
import java.util.List;

/**
 * {@code status.security}, read from the workloads rather than the spec: a check counts as in force
 * only once its workload has rolled it out to every pod, so the status never claims a protection
 * that some pod still lacks (turning auth on shows None until the roll ends; turning it off shows
 * None at once).
 */
public final class SecurityInForce {

  private SecurityInForce() {}

  /**
   * @param sts the cache servers' StatefulSet, possibly absent
   * @param ds the proxies' DaemonSet, possibly absent (or the proxy disabled)
   * @param serversPolicy whether the cache servers' NetworkPolicy exists
   */
  public static SecurityStatus of(StatefulSet sts, DaemonSet ds, boolean serversPolicy) {
    // whether each has rolled out, read from the same objects as their templates
    ObservedState observed = ObservedState.of(sts, ds);
    boolean serversSettled = sts != null && observed.statefulSetSettled();
    boolean proxiesSettled = ds != null && observed.proxySettled();
    List<String> serverArgs = serversSettled ? args(sts.getSpec().getTemplate()) : List.of();
    List<String> proxyArgs = proxiesSettled ? args(ds.getSpec().getTemplate()) : List.of();
    boolean serversLogins = serverArgs.contains("-Y");
    boolean proxiesLogins = proxyArgs.stream().anyMatch(a -> a.startsWith("--auth-file"));
    String auth = SecurityStatus.AUTH_NONE;
    if (serversLogins && proxiesLogins) {
      auth = SecurityStatus.AUTH_PROXIES_AND_SERVERS;
    } else if (serversLogins) {
      auth = SecurityStatus.AUTH_SERVERS;
    } else if (proxiesLogins) {
      auth = SecurityStatus.AUTH_PROXIES;
    }
    boolean serversTls = serverArgs.contains("-Z");
    boolean proxiesTls = proxyArgs.stream().anyMatch(a -> a.startsWith("--ssl-port"));
    String tls = SecurityStatus.TLS_NONE;
    if (serversTls && proxiesTls) {
      tls = SecurityStatus.TLS_PROXIES_AND_SERVERS;
    } else if (serversTls) {
      tls = SecurityStatus.TLS_SERVERS;
    }
    return new SecurityStatus(auth, tls, serversPolicy);
  }

  /** The first container's arguments: the server's or the proxy's own. */
  private static List<String> args(PodTemplateSpec template) {
    if (template == null || template.getSpec() == null) {
      return List.of();
    }
    List<Container> containers = template.getSpec().getContainers();
    if (containers == null || containers.isEmpty() || containers.get(0).getArgs() == null) {
      return List.of();
    }
    return containers.get(0).getArgs();
  }
}
