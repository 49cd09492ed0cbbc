package io.memkube.e2e.support;

import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * A kubeconfig that authenticates as a ServiceAccount with a short-lived token (the TokenRequest
 * API, what {@code kubectl create token} does), so a process run with it has exactly the
 * permissions RBAC grants that ServiceAccount.
 */
public final class ServiceAccountKubeconfig {

  private static final long TOKEN_SECONDS = 3600;

  private ServiceAccountKubeconfig() {}

  /** Writes the kubeconfig of {@code namespace/serviceAccount} to {@code file} and returns it. */
  public static Path write(
      KubernetesClient admin, String namespace, String serviceAccount, Path file) {
    TokenRequest request =
        admin
            .serviceAccounts()
            .inNamespace(namespace)
            .withName(serviceAccount)
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(TOKEN_SECONDS)
                    .endSpec()
                    .build());
    Config config = admin.getConfiguration();
    String kubeconfig =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: cluster
          cluster:
            server: %s
            %s
        users:
        - name: %s
          user:
            token: %s
        contexts:
        - name: %s
          context:
            cluster: cluster
            user: %s
            namespace: %s
        current-context: %s
        """
            .formatted(
                config.getMasterUrl(),
                certificateAuthority(config),
                serviceAccount,
                request.getStatus().getToken(),
                serviceAccount,
                serviceAccount,
                namespace,
                serviceAccount);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, kubeconfig, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }

  /** The same trust as the admin's kubeconfig: inline CA data, a CA file, or none. */
  private static String certificateAuthority(Config config) {
    try {
      if (config.getCaCertData() != null && !config.getCaCertData().isBlank()) {
        return "certificate-authority-data: " + config.getCaCertData();
      }
      if (config.getCaCertFile() != null) {
        byte[] pem = Files.readAllBytes(Path.of(config.getCaCertFile()));
        return "certificate-authority-data: " + Base64.getEncoder().encodeToString(pem);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the cluster's CA certificate", e);
    }
    return "insecure-skip-tls-verify: " + config.isTrustCerts();
  }
}
