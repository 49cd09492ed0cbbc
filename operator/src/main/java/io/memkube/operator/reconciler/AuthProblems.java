package io.memkube.operator.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.memkube.api.v1alpha1.AuthSpec;
import io.memkube.api.v1alpha1.MemcachedCluster;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * What would make {@code spec.auth} serve without a login or not start: a proxy image without
 * {@code --auth-file}, and a user's Secret that is missing or not a file memcached's {@code -Y}
 * accepts. The spec is then held back (nothing applied), so no pod ever runs without the login the
 * user asked for.
 */
final class AuthProblems {

  /** memcached 1.6 reads at most 8 entries from a -Y file. */
  static final int MAX_ENTRIES = 8;

  private AuthProblems() {}

  /** A proxy other than memkube's (mcrouter) has no way to check logins. */
  static Optional<String> proxyCannotCheckLogins(MemcachedCluster mc, boolean memkubeProxy) {
    if (mc.getSpec().getAuth().getEnabled()
        && mc.getSpec().getProxy().getEnabled()
        && !memkubeProxy) {
      return Optional.of(
          "spec.auth.enabled needs memkube's proxy: spec.proxy.image "
              + mc.getSpec().getProxy().getImage()
              + " has no --auth-file and would serve its clients without a login");
    }
    return Optional.empty();
  }

  /** The user's Secret ({@code spec.auth.secretName}): present, with a usable key 'users'. */
  static List<String> secret(KubernetesClient client, MemcachedCluster mc) {
    AuthSpec auth = mc.getSpec().getAuth();
    if (!auth.getEnabled() || auth.getSecretName() == null) {
      return List.of(); // off, or the operator generates the Secret itself
    }
    String ns = mc.getMetadata().getNamespace();
    Secret secret = client.secrets().inNamespace(ns).withName(auth.getSecretName()).get();
    String where = "Secret " + ns + "/" + auth.getSecretName() + " (spec.auth.secretName)";
    if (secret == null) {
      return List.of(where + " does not exist");
    }
    String encoded = secret.getData() == null ? null : secret.getData().get(AuthSpec.SECRET_KEY);
    if (encoded == null) {
      return List.of(where + " has no key '" + AuthSpec.SECRET_KEY + "'");
    }
    String file;
    try {
      file = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return List.of(where + " key '" + AuthSpec.SECRET_KEY + "' is not base64");
    }
    return malformed(file).map(why -> List.of(where + ": " + why)).orElse(List.of());
  }

  /**
   * Why memcached's -Y would refuse the file (or silently mangle it), in the terms of its format.
   */
  static Optional<String> malformed(String file) {
    if (file.isEmpty()) {
      return Optional.of("the file is empty");
    }
    if (!file.endsWith("\n")) {
      // memcached drops the last character of a final line without a newline: a wrong password
      return Optional.of("the file must end with a newline");
    }
    String[] lines = file.substring(0, file.length() - 1).split("\n", -1);
    List<String> problems = new ArrayList<>();
    if (lines.length > MAX_ENTRIES) {
      problems.add("more than " + MAX_ENTRIES + " lines (memcached reads at most 8)");
    }
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int colon = line.indexOf(':');
      if (colon <= 0 || colon == line.length() - 1) {
        problems.add("line " + (i + 1) + " is not user:password");
      }
    }
    return problems.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", problems));
  }
}
