package io.memkube.proxy.kube;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A ConfigMap named on the command line as {@code NAMESPACE/NAME}.
 *
 * @param namespace its namespace
 * @param name its name
 */
public record ObjectRef(String namespace, String name) {

  /** Parses {@code NAMESPACE/NAME}. */
  public static ObjectRef parse(String value) {
    int slash = value.indexOf('/');
    if (slash <= 0 || slash == value.length() - 1 || value.indexOf('/', slash + 1) >= 0) {
      throw new IllegalArgumentException("expected NAMESPACE/NAME, got '" + value + "'");
    }
    return new ObjectRef(value.substring(0, slash), value.substring(slash + 1));
  }

  /** The ConfigMap's own path (get, patch). */
  String configMapPath() {
    return "/api/v1/namespaces/" + namespace + "/configmaps/" + name;
  }

  /**
   * A watch of this one ConfigMap from {@code resourceVersion}: through the collection with a field
   * selector on its name, which is how RBAC lets a role limited to this name (resourceNames) watch
   * it.
   */
  String watchPath(String resourceVersion) {
    return "/api/v1/namespaces/"
        + namespace
        + "/configmaps?watch=true&allowWatchBookmarks=true&timeoutSeconds=300&fieldSelector="
        + URLEncoder.encode("metadata.name=" + name, StandardCharsets.UTF_8)
        + "&resourceVersion="
        + URLEncoder.encode(resourceVersion, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
