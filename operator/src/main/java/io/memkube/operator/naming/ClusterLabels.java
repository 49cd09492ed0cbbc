package io.memkube.operator.naming;

import io.memkube.api.v1alpha1.MemcachedCluster;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Labels of the owned objects. The selector labels (name, instance, component) never change for a
 * given cluster, because a StatefulSet's and DaemonSet's selector is immutable.
 */
public final class ClusterLabels {

  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  public static final String APP = "memkube";
  public static final String OPERATOR = "memkube-operator";

  /** Label selector of every informer of owned objects: the operator only watches its own. */
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + OPERATOR;

  /** The cache servers. */
  public static final String CACHE = "cache";

  /** The node-local proxy. */
  public static final String PROXY = "proxy";

  private ClusterLabels() {}

  /** Labels that select the pods of one component of one cluster. */
  public static Map<String, String> selector(MemcachedCluster mc, String component) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(NAME, APP);
    labels.put(INSTANCE, mc.getMetadata().getName());
    labels.put(COMPONENT, component);
    return labels;
  }

  /** Labels of an owned object: the selector labels plus the managed-by label informers use. */
  public static Map<String, String> owned(MemcachedCluster mc, String component) {
    Map<String, String> labels = selector(mc, component);
    labels.put(MANAGED_BY, OPERATOR);
    return labels;
  }

  /**
   * Labels of a pod template: the user's {@code spec.podLabels} first, then the operator's, so a
   * user label can never change the selector.
   */
  public static Map<String, String> pod(MemcachedCluster mc, String component) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (mc.getSpec().getPodLabels() != null) {
      labels.putAll(mc.getSpec().getPodLabels());
    }
    labels.putAll(owned(mc, component));
    return labels;
  }

  /** The selector as the string form {@code status.selector} and {@code kubectl -l} use. */
  public static String selectorString(MemcachedCluster mc, String component) {
    return selector(mc, component).entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }
}
