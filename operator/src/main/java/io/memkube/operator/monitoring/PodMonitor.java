package io.memkube.operator.monitoring;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The Prometheus Operator's PodMonitor, reduced to the fields the operator writes: the proxies are
 * scraped pod by pod (a DaemonSet's pods, each on its own node), not through a Service. Typed for
 * the same reason as {@link ServiceMonitor}.
 */
@Group("monitoring.coreos.com")
@Version("v1")
@Kind("PodMonitor")
@Plural("podmonitors")
public class PodMonitor extends CustomResource<PodMonitorSpec, Void> implements Namespaced {

  private static final long serialVersionUID = 1L;
}
