package io.memkube.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.operator.naming.ClusterNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds objects that have the name of one the cluster would own but belong to someone else (another
 * controller, or created by hand). The operator never adopts or overwrites them: the cluster
 * reports Degraded, naming the object, and its spec is held back.
 *
 * <p>Before the workflow only the informers' caches are asked ({@link #inCache}): they hold the
 * operator's labelled objects, so a foreign object is usually not there, but asking the API server
 * for every name not cached cost a new cluster three GETs answering 404 (300 of the operator's 1472
 * requests for 100 new clusters). The SDK creates an owned object with a server-side apply that
 * carries resourceVersion 1 (a create on the mock server, SSA off): the API server refuses it with
 * 409 Conflict when any object of that name exists, and changes nothing. So a foreign object is
 * found by its failed create, and {@link #find} then asks the API server which one it is. The
 * cluster's other objects whose creates did not fail exist by then (its own, with its owner
 * reference: the garbage collector removes them with the cluster).
 */
final class ForeignObjects {

  private ForeignObjects() {}

  /**
   * One message per object in the way that the informers' caches know of (an object carrying the
   * operator's labels but owned by something else); no request.
   */
  static List<String> inCache(
      Context<MemcachedCluster> context, MemcachedCluster mc, boolean memkubeProxy) {
    String ns = mc.getMetadata().getNamespace();
    List<String> problems = new ArrayList<>();
    wanted(mc, memkubeProxy)
        .forEach(
            (key, type) -> {
              String name = nameOf(key);
              named(context, type, name)
                  .filter(o -> !ownedBy(o, mc))
                  .findFirst()
                  .ifPresent(o -> problems.add(message(key, ns, name, o)));
            });
    return problems;
  }

  /**
   * Whether the workflow failed because a create was refused with 409 Conflict: an object of that
   * name exists (foreign, or one of ours the caches have not seen yet), and {@link #find} says
   * which.
   */
  static boolean createRefused(Map<?, Exception> errors) {
    return errors.values().stream().anyMatch(ForeignObjects::isConflict);
  }

  private static boolean isConflict(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof KubernetesClientException k && k.getCode() == 409) {
        return true;
      }
    }
    return false;
  }

  /**
   * One message per object in the way; empty when none is. Asks the API server for every name the
   * caches do not hold as the cluster's own.
   */
  static List<String> find(
      Context<MemcachedCluster> context, MemcachedCluster mc, boolean memkubeProxy) {
    String ns = mc.getMetadata().getNamespace();
    List<String> problems = new ArrayList<>();
    wanted(mc, memkubeProxy)
        .forEach(
            (key, type) -> {
              String name = nameOf(key);
              if (named(context, type, name).anyMatch(o -> ownedBy(o, mc))) {
                return; // ours, as the informer already knows: no need to ask the API server
              }
              HasMetadata existing =
                  context.getClient().resources(type).inNamespace(ns).withName(name).get();
              if (existing != null && !ownedBy(existing, mc)) {
                problems.add(message(key, ns, name, existing));
              }
            });
    return problems;
  }

  /** The object's name in a {@code wanted} key ({@code Kind/name}). */
  private static String nameOf(String key) {
    return key.substring(key.indexOf('/') + 1);
  }

  /** The informers' objects of this type and name among the cluster's secondary resources. */
  private static <T extends HasMetadata> Stream<T> named(
      Context<MemcachedCluster> context, Class<T> type, String name) {
    return context
        .getSecondaryResourcesAsStream(type)
        .filter(o -> name.equals(o.getMetadata().getName()));
  }

  private static String message(String key, String ns, String name, HasMetadata existing) {
    return String.format(
        "%s %s/%s already exists and is not owned by this MemcachedCluster (%s):"
            + " the operator does not touch it; delete or rename it",
        key.substring(0, key.indexOf('/')), ns, name, owner(existing));
  }

  /** The objects the cluster would own, by kind/name. */
  private static Map<String, Class<? extends HasMetadata>> wanted(
      MemcachedCluster mc, boolean memkubeProxy) {
    Map<String, Class<? extends HasMetadata>> wanted = new LinkedHashMap<>();
    wanted.put("Service/" + ClusterNames.servers(mc), Service.class);
    wanted.put("StatefulSet/" + ClusterNames.servers(mc), StatefulSet.class);
    if (mc.getSpec().getPodDisruptionBudget().getEnabled()) {
      wanted.put("PodDisruptionBudget/" + ClusterNames.servers(mc), PodDisruptionBudget.class);
    }
    if (mc.getSpec().getProxy().getEnabled()) {
      wanted.put("ConfigMap/" + ClusterNames.proxy(mc), ConfigMap.class);
      wanted.put("DaemonSet/" + ClusterNames.proxy(mc), DaemonSet.class);
      wanted.put("Service/" + ClusterNames.proxy(mc), Service.class);
    }
    if (mc.getSpec().getNetworkPolicy().getEnabled()) {
      wanted.put("NetworkPolicy/" + ClusterNames.servers(mc), NetworkPolicy.class);
      if (mc.getSpec().getProxy().getEnabled()) {
        wanted.put("NetworkPolicy/" + ClusterNames.proxy(mc), NetworkPolicy.class);
      }
    }
    if (mc.getSpec().getAuth().getEnabled() && mc.getSpec().getAuth().getSecretName() == null) {
      wanted.put("Secret/" + ClusterNames.generatedAuthSecret(mc), Secret.class);
    }
    if (memkubeProxy) {
      wanted.put("ConfigMap/" + ClusterNames.proxyReports(mc), ConfigMap.class);
      wanted.put("ServiceAccount/" + ClusterNames.proxy(mc), ServiceAccount.class);
      wanted.put("Role/" + ClusterNames.proxy(mc), Role.class);
      wanted.put("RoleBinding/" + ClusterNames.proxy(mc), RoleBinding.class);
    }
    return wanted;
  }

  private static boolean ownedBy(HasMetadata object, MemcachedCluster mc) {
    List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
    return owners != null
        && owners.stream().anyMatch(o -> o.getUid().equals(mc.getMetadata().getUid()));
  }

  private static String owner(HasMetadata object) {
    return object.getMetadata().getOwnerReferences().stream()
        .filter(o -> Boolean.TRUE.equals(o.getController()))
        .findFirst()
        .map(o -> "controlled by " + o.getKind() + " " + o.getName())
        .orElse("no controller owns it");
  }
}
