package io.memkube.api.v1alpha1;

import java.util.regex.Pattern;

/**
 * Rewrites generated CRD YAML the way the API server stores it, so that applying {@code crds/}
 * again changes nothing and GitOps tools see no drift. Fabric8's schema model holds numeric bounds
 * as doubles ({@code minimum: 1.0}) where the server keeps the integer {@code 1}, and writes a
 * printer column's {@code priority: 0}, which the server omits as the default.
 */
final class ApiServerCanonicalForm {

  private static final Pattern WHOLE_NUMBER_BOUND =
      Pattern.compile("(?m)^(\\s*(?:minimum|maximum|multipleOf): -?\\d+)\\.0$");
  private static final Pattern DEFAULT_PRIORITY = Pattern.compile("(?m)^\\s*priority: 0\\n");

  private ApiServerCanonicalForm() {}

  static String of(String crdYaml) {
    String bounds = WHOLE_NUMBER_BOUND.matcher(crdYaml).replaceAll("$1");
    return DEFAULT_PRIORITY.matcher(bounds).replaceAll("");
  }
}
