package io.memkube.operator.dependent;

import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.memkube.api.v1alpha1.TlsSpec;
import io.memkube.operator.naming.ClusterNames;
import java.util.ArrayList;
import java.util.List;

/**
 * The TLS Secret mounted as a directory (never a subPath, which never sees the kubelet's update of
 * a rotated Secret), and the flags that point memcached, mcrouter and memkube's programs at its
 * files. The flag names are memcached's and mcrouter's, so another image takes them too.
 */
final class TlsFiles {

  static final String NAME = "tls";
  static final String DIR = "/etc/memkube/tls";
  static final String CERT = DIR + "/" + TlsSpec.CERT_KEY;
  static final String KEY = DIR + "/" + TlsSpec.KEY_KEY;
  static final String CA = DIR + "/" + TlsSpec.CA_KEY;

  /** How often memkube's programs look at their mounted certificates and logins, in seconds. */
  static final int WATCH_SECONDS = 5;

  private TlsFiles() {}

  static Volume volume(ClusterPlan plan) {
    return new VolumeBuilder()
        .withName(NAME)
        .withNewSecret()
        .withSecretName(ClusterNames.tlsSecret(plan.cluster()))
        // The default mode (0644): the pods set no fsGroup, and the programs run as non-root.
        .endSecret()
        .build();
  }

  static VolumeMount mount() {
    return new VolumeMountBuilder().withName(NAME).withMountPath(DIR).withReadOnly(true).build();
  }

  /**
   * memcached's {@code -Z}: every listener speaks TLS. With {@code requireClientCertificates} (and
   * a CA) only clients with a certificate from the CA get in: the proxies, which present the same
   * certificate.
   */
  static List<String> serverArgs(ClusterPlan plan) {
    String options = "ssl_chain_cert=" + CERT + ",ssl_key=" + KEY;
    if (plan.serversRequireClientCertificates()) {
      options += ",ssl_ca_cert=" + CA + ",ssl_verify_mode=2";
    }
    return List.of("-Z", "-o", options);
  }

  /**
   * mcrouter's TLS flags: the TLS port for clients, with the Secret's certificate; toward the
   * servers (pools with use_ssl), the CA their certificates must chain to (without a CA in the
   * Secret, the certificate itself: all servers share it) and the certificate to present when they
   * ask for one.
   */
  static List<String> proxyArgs(ClusterPlan plan) {
    List<String> args = new ArrayList<>();
    args.add("--ssl-port=" + plan.cluster().getSpec().getTls().getProxyPort());
    args.add("--server-pem-cert-path=" + CERT);
    args.add("--server-pem-key-path=" + KEY);
    if (plan.proxiesRequireClientCertificates()) {
      // mutual TLS toward the applications: mcrouter's own flags, which memkube's proxy takes
      args.add("--server-pem-ca-path=" + CA);
      args.add("--ssl-require-peer-certs");
    }
    args.add("--pem-ca-path=" + (plan.tlsCa() ? CA : CERT));
    args.add("--pem-cert-path=" + CERT);
    args.add("--pem-key-path=" + KEY);
    return args;
  }

  /** memkube's programs only: poll the mounted files and reload them on change. */
  static String watchFlag() {
    return "--watch-files-interval=" + WATCH_SECONDS;
  }
}
