package io.memkube.operator.dependent;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.util.List;

/**
 * Probes of the cache server and the proxy.
 *
 * <p>The images hold a Java runtime and nothing else (no shell, no client), so by default both
 * probes are TCP connects: the server opens its port only once it serves. A command that speaks the
 * protocol (send {@code version}, expect {@code VERSION}) can be configured for readiness with
 * {@code memkube.cache-server.readiness-command}, for images that can run one. Liveness stays a
 * connect with a generous threshold: restarting a busy server empties its cache.
 */
final class ProtocolProbes {

  private ProtocolProbes() {}

  /** Readiness: the configured command when there is one, else a TCP connect. */
  static Probe readiness(int port, List<String> command) {
    ProbeBuilder probe = new ProbeBuilder();
    if (command == null || command.isEmpty()) {
      probe.withNewTcpSocket().withPort(new IntOrString(port)).endTcpSocket();
    } else {
      probe.withNewExec().withCommand(command).endExec();
    }
    return probe
        .withInitialDelaySeconds(2)
        .withPeriodSeconds(5)
        .withTimeoutSeconds(3)
        .withFailureThreshold(3)
        .build();
  }

  static Probe liveness(int port) {
    return new ProbeBuilder()
        .withNewTcpSocket()
        .withPort(new IntOrString(port))
        .endTcpSocket()
        .withInitialDelaySeconds(10)
        .withPeriodSeconds(10)
        .withTimeoutSeconds(3)
        .withFailureThreshold(6)
        .build();
  }
}
