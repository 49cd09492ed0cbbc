package io.memkube.operator.monitoring;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The Prometheus Operator's ServiceMonitor, reduced to the fields the operator writes. A typed
 * class rather than a generic resource: the SDK can then build its informer without asking the API
 * server's discovery, which fails while the Prometheus Operator's CRD is not installed.
 */
@Group("monitoring.coreos.com")
@Version("v1")
@Kind("ServiceMonitor")
@Plural("servicemonitors")
public class ServiceMonitor extends CustomResource<ServiceMonitorSpec, Void> implements Namespaced {

  private static final long serialVersionUID = 1L;
}
