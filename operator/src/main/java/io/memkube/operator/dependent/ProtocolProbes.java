package io.memkube.operator.dependent;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.util.List;

/**
 * Probes of the cache server and the proxy.
 *
 * <p>The images hold a Java runtime and nothing else (no shell, no client), and a JVM started per
 * probe would cost CPU and memory inside the pod's cgroup, so the probes that speak the protocol
 * are HTTP: memkube's own programs, started with {@code --health-port}, answer {@code /readyz} and
 * {@code /healthz} with a {@code version} round trip to their own memcached port. Another image
 * (such as {@code memcached:1.6}) has no such endpoints and gets TCP connects. A configured exec
 * command ({@code memkube.cache-server.readiness-command}) still replaces readiness for images that
 * can run one.
 *
 * <p>Liveness is generous in every form (a minute of failures): restarting a cache server empties
 * it, which costs more than a slow minute.
 */
final class ProtocolProbes {

  /** Name of the container port of the HTTP probe endpoints. */
  static final String HEALTH_PORT_NAME = "health";

  static final String READINESS_PATH = "/readyz";
  static final String LIVENESS_PATH = "/healthz";

  private ProtocolProbes() {}

  /**
   * Readiness: the configured exec command when there is one, else {@code /readyz} when the program
   * serves probe endpoints, else a TCP connect to {@code port}.
   */
  static Probe readiness(boolean httpEndpoints, int port, List<String> command) {
    ProbeBuilder probe = new ProbeBuilder();
    if (command != null && !command.isEmpty()) {
      probe.withNewExec().withCommand(command).endExec();
    } else if (httpEndpoints) {
      httpGet(probe, READINESS_PATH);
    } else {
      probe.withNewTcpSocket().withPort(new IntOrString(port)).endTcpSocket();
    }
    return readinessTiming(probe);
  }

  /** Liveness: {@code /healthz} when the program serves probe endpoints, else a TCP connect. */
  static Probe liveness(boolean httpEndpoints, int port) {
    ProbeBuilder probe = new ProbeBuilder();
    if (httpEndpoints) {
      httpGet(probe, LIVENESS_PATH);
    } else {
      probe.withNewTcpSocket().withPort(new IntOrString(port)).endTcpSocket();
    }
    return livenessTiming(probe);
  }

  private static void httpGet(ProbeBuilder probe, String path) {
    probe
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString(HEALTH_PORT_NAME))
        .withScheme("HTTP")
        .endHttpGet();
  }

  private static Probe readinessTiming(ProbeBuilder probe) {
    return probe
        .withInitialDelaySeconds(2)
        .withPeriodSeconds(5)
        .withTimeoutSeconds(3)
        .withFailureThreshold(3)
        .build();
  }

  private static Probe livenessTiming(ProbeBuilder probe) {
    return probe
        .withInitialDelaySeconds(10)
        .withPeriodSeconds(10)
        .withTimeoutSeconds(3)
        .withFailureThreshold(6)
        .build();
  }
}
