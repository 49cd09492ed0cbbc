package io.memkube.operator.dependent;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;

/**
 * Probes of the cache server and the proxy. Readiness speaks the memcached protocol: it sends
 * {@code version} and expects a {@code VERSION} line, so a process that accepts connections but
 * does not answer is not Ready (and does not join the proxy configuration). It runs in the image's
 * bash ({@code /dev/tcp}), which needs no client binary. Liveness only checks that the port accepts
 * connections, so a busy server is not restarted (a restart empties the cache).
 */
final class ProtocolProbes {

  private ProtocolProbes() {}

  static Probe readiness(int port) {
    String script =
        "exec 3<>/dev/tcp/127.0.0.1/"
            + port
            + " && printf 'version\\r\\n' >&3 && IFS= read -r -t 2 line <&3"
            + " && [[ \"$line\" == VERSION* ]]";
    return new ProbeBuilder()
        .withNewExec()
        .withCommand("/bin/bash", "-c", script)
        .endExec()
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
