package io.memkube.operator.dependent;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The content of the TLS and auth Secrets, as digests put on the pod templates of images that do
 * not reload their files (memcached, mcrouter): a changed Secret changes the template, so the
 * workload controllers roll those pods onto it. memkube's own images reload the mounted files by
 * themselves and never get them: a roll would empty every cache server for nothing.
 *
 * @param tls the digest of the TLS Secret's data, or null (no TLS, or not read)
 * @param auth the digest of the auth Secret's data, or null (no auth, not read, or not there yet)
 */
public record SecretDigests(String tls, String auth) {

  /** The pod-template annotation carrying {@link #tls}. */
  public static final String TLS_ANNOTATION = "memkube.io/tls-secret-digest";

  /** The pod-template annotation carrying {@link #auth}. */
  public static final String AUTH_ANNOTATION = "memkube.io/auth-secret-digest";

  public static final SecretDigests NONE = new SecretDigests(null, null);

  /**
   * SHA-256 of the Secret's data, keys in order (null for no Secret): the same content always gives
   * the same digest, whatever order the API server lists the keys in.
   */
  public static String of(Secret secret) {
    if (secret == null || secret.getData() == null) {
      return null;
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, String> e : new TreeMap<>(secret.getData()).entrySet()) {
        sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(String.valueOf(e.getValue()).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * The pod template's annotations: the user's {@code spec.podAnnotations}, plus the digests of the
   * Secrets this workload's image reads only at start.
   *
   * @param userAnnotations {@code spec.podAnnotations}, possibly null
   * @param reloadsFiles whether the image is memkube's own, which reloads the files itself
   * @param tlsFiles whether the pods mount the TLS Secret
   * @param authFiles whether the pods mount the auth Secret
   */
  public Map<String, String> podAnnotations(
      Map<String, String> userAnnotations,
      boolean reloadsFiles,
      boolean tlsFiles,
      boolean authFiles) {
    if (reloadsFiles || ((!tlsFiles || tls == null) && (!authFiles || auth == null))) {
      return userAnnotations;
    }
    Map<String, String> all =
        new LinkedHashMap<>(userAnnotations == null ? Map.of() : userAnnotations);
    if (tlsFiles && tls != null) {
      all.put(TLS_ANNOTATION, tls);
    }
    if (authFiles && auth != null) {
      all.put(AUTH_ANNOTATION, auth);
    }
    return all;
  }
}
