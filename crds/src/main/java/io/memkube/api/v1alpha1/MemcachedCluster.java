package io.memkube.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A cluster of memcached-compatible cache servers, with an optional node-local proxy in front.
 *
 * <p>Every default lives in the CRD schema: the operator never writes defaults back into {@code
 * spec}, so GitOps tools see no drift.
 */
@Group(MemcachedCluster.GROUP)
@Version(MemcachedCluster.VERSION)
@ShortNames("mcc")
@AdditionalPrinterColumn(
    name = "Replicas",
    jsonPath = ".spec.replicas",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.readyReplicas",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Memory",
    jsonPath = ".spec.memory",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Proxy",
    jsonPath = ".status.proxy.ready",
    type = AdditionalPrinterColumn.Type.INTEGER,
    getDescription = "Proxy pods that are ready")
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class MemcachedCluster extends CustomResource<MemcachedClusterSpec, MemcachedClusterStatus>
    implements Namespaced {

  public static final String GROUP = "memkube.io";
  public static final String VERSION = "v1alpha1";

  /** Annotation that stops reconciliation while it is {@code "true"}. */
  public static final String PAUSED_ANNOTATION = GROUP + "/paused";

  private static final long serialVersionUID = 1L;

  @Override
  protected MemcachedClusterSpec initSpec() {
    return new MemcachedClusterSpec();
  }

  /** Whether the user asked to stop reconciliation, by annotation or by {@code spec.paused}. */
  @JsonIgnore
  public boolean isPaused() {
    var annotations = getMetadata() == null ? null : getMetadata().getAnnotations();
    boolean byAnnotation =
        annotations != null && "true".equalsIgnoreCase(annotations.get(PAUSED_ANNOTATION));
    return byAnnotation || (getSpec() != null && Boolean.TRUE.equals(getSpec().getPaused()));
  }
}
