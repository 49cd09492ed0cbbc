package io.memkube.operator.dependent;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.memkube.api.v1alpha1.AuthSpec;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.operator.naming.ClusterLabels;
import io.memkube.operator.naming.ClusterNames;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * Secret {@code NAME-auth}, generated when {@code spec.auth} is on without a {@code secretName}:
 * the user {@code memkube} with a random password. Created once and never updated (a new password
 * on every reconciliation would lock every client out); deleting it makes a new password. Nor is it
 * deleted when auth is turned off or a secretName is given (not a Deleter): turning auth on again
 * finds the same password, and the cluster's deletion takes the Secret with it (owner reference),
 * so the operator needs no right to delete Secrets.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterLabels.MANAGED_SELECTOR))
public class AuthSecretDependent extends KubernetesDependentResource<Secret, MemcachedCluster>
    implements Creator<Secret, MemcachedCluster> {

  static final String USER = "memkube";
  private static final SecureRandom RANDOM = new SecureRandom();

  public AuthSecretDependent() {
    super(Secret.class);
  }

  @Override
  protected Secret desired(MemcachedCluster primary, Context<MemcachedCluster> context) {
    return desired(ClusterPlan.of(context), randomPassword());
  }

  static Secret desired(ClusterPlan plan, String password) {
    MemcachedCluster mc = plan.cluster();
    return new SecretBuilder()
        .withMetadata(
            OwnedMetadata.of(mc, ClusterNames.generatedAuthSecret(mc), ClusterLabels.CACHE))
        .withType("Opaque")
        // memcached's -Y format; the final newline matters (memcached drops the last character
        // of a last line without one)
        .withStringData(Map.of(AuthSpec.SECRET_KEY, USER + ":" + password + "\n"))
        .build();
  }

  /**
   * 32 random bytes, base64url without padding: no ':' or whitespace, which the -Y file and the
   * login line would split on.
   */
  static String randomPassword() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
