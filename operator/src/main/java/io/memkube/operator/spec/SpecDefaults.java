package io.memkube.operator.spec;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.memkube.api.v1alpha1.AuthSpec;
import io.memkube.api.v1alpha1.DeleteStreamSpec;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.api.v1alpha1.MemcachedClusterSpec;
import io.memkube.api.v1alpha1.MetricsSpec;
import io.memkube.api.v1alpha1.NetworkPolicySpec;
import io.memkube.api.v1alpha1.PodDisruptionBudgetSpec;
import io.memkube.api.v1alpha1.ProxySpec;
import io.memkube.api.v1alpha1.RoutingSpec;
import io.memkube.api.v1alpha1.TlsSpec;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The schema's defaults, applied to an in-memory copy of a cluster. The API server applies the same
 * defaults on every read, so this copy only differs for objects that bypassed the schema (stored
 * before a default existed, or a test server without schemas). Nothing here is written back: a test
 * checks these values against the CRD's.
 */
public final class SpecDefaults {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private SpecDefaults() {}

  /** A deep copy of {@code mc} with every unset defaulted field set. */
  public static MemcachedCluster applied(MemcachedCluster mc) {
    MemcachedCluster copy = SERIALIZATION.clone(mc);
    if (copy.getSpec() == null) {
      copy.setSpec(new MemcachedClusterSpec());
    }
    MemcachedClusterSpec spec = copy.getSpec();
    fill(spec::getReplicas, spec::setReplicas, 3);
    fill(spec::getMemory, spec::setMemory, "64Mi");
    fill(spec::getMaxItemSize, spec::setMaxItemSize, "1Mi");
    fill(spec::getMaxConnections, spec::setMaxConnections, 1024);
    fill(spec::getThreads, spec::setThreads, 4);
    fill(spec::getPodDisruptionBudget, spec::setPodDisruptionBudget, new PodDisruptionBudgetSpec());
    PodDisruptionBudgetSpec pdb = spec.getPodDisruptionBudget();
    fill(pdb::getEnabled, pdb::setEnabled, true);
    fill(pdb::getMaxUnavailable, pdb::setMaxUnavailable, 1);
    fill(spec::getProxy, spec::setProxy, new ProxySpec());
    ProxySpec proxy = spec.getProxy();
    fill(proxy::getEnabled, proxy::setEnabled, true);
    fill(proxy::getPort, proxy::setPort, 5000);
    fill(proxy::getHostPort, proxy::setHostPort, true);
    fill(proxy::getRouting, proxy::setRouting, new RoutingSpec());
    RoutingSpec routing = proxy.getRouting();
    fill(routing::getMode, routing::setMode, RoutingSpec.Mode.Sharded);
    fill(routing::getHashFunction, routing::setHashFunction, RoutingSpec.HashFunction.Ch3);
    fill(routing::getReplicaGroups, routing::setReplicaGroups, 2);
    fill(routing::getDeleteStream, routing::setDeleteStream, new DeleteStreamSpec());
    DeleteStreamSpec deletes = routing.getDeleteStream();
    fill(deletes::getEnabled, deletes::setEnabled, true);
    fill(deletes::getSizeLimit, deletes::setSizeLimit, new Quantity("64Mi"));
    fill(spec::getMetrics, spec::setMetrics, new MetricsSpec());
    MetricsSpec metrics = spec.getMetrics();
    fill(metrics::getEnabled, metrics::setEnabled, false);
    fill(metrics::getServiceMonitor, metrics::setServiceMonitor, true);
    fill(spec::getNetworkPolicy, spec::setNetworkPolicy, new NetworkPolicySpec());
    NetworkPolicySpec networkPolicy = spec.getNetworkPolicy();
    fill(networkPolicy::getEnabled, networkPolicy::setEnabled, false);
    fill(spec::getAuth, spec::setAuth, new AuthSpec());
    AuthSpec auth = spec.getAuth();
    fill(auth::getEnabled, auth::setEnabled, false);
    TlsSpec tls = spec.getTls(); // absent means off: no default object
    if (tls != null) {
      fill(tls::getProxyPort, tls::setProxyPort, 5001);
      fill(tls::getClientPlaintext, tls::setClientPlaintext, false);
      fill(tls::getRequireClientCertificates, tls::setRequireClientCertificates, false);
      fill(
          tls::getRequireClientCertificatesFromApplications,
          tls::setRequireClientCertificatesFromApplications,
          false);
      TlsSpec.IssuerRef issuer = tls.getIssuerRef();
      if (issuer != null) {
        fill(issuer::getKind, issuer::setKind, TlsSpec.IssuerRef.Kind.Issuer);
      }
    }
    return copy;
  }

  private static <T> void fill(Supplier<T> getter, Consumer<T> setter, T value) {
    if (getter.get() == null) {
      setter.accept(value);
    }
  }
}
