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
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.operator.naming.ClusterNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds objects that have the name of one the cluster would own but belong to someone else (another
 * controller, or created by hand). The operator never adopts or overwrites them: the whole spec is
 * held back and the cluster reports Degraded, naming the object.
 */
final class ForeignObjects {

  private ForeignObjects() {}

  /** One message per object in the way; empty when none is. */
  static List<String> find(
      Context<MemcachedCluster> context, MemcachedCluster mc, boolean memkubeProxy) {
    String ns = mc.getMetadata().getNamespace();
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
    List<String> problems = new ArrayList<>();
    wanted.forEach(
        (key, type) -> {
          String name = key.substring(key.indexOf('/') + 1);
          if (context
              .getSecondaryResourcesAsStream(type)
              .anyMatch(o -> name.equals(o.getMetadata().getName()) && ownedBy(o, mc))) {
            return; // ours, as the informer already knows: no need to ask the API server
          }
          HasMetadata existing =
              context.getClient().resources(type).inNamespace(ns).withName(name).get();
          if (existing != null && !ownedBy(existing, mc)) {
            problems.add(
                String.format(
                    "%s %s/%s already exists and is not owned by this MemcachedCluster (%s):"
                        + " the operator does not touch it; delete or rename it",
                    key.substring(0, key.indexOf('/')), ns, name, owner(existing)));
          }
        });
    return problems;
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
