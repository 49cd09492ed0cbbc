package io.memkube.e2e.support;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/** The shipped examples (deploy/examples), as the suites apply them in their own namespaces. */
public final class Examples {

  /** The seed tutorial's cluster, as users apply it. */
  public static final Path TUTORIAL =
      E2eSettings.repositoryRoot().resolve("deploy/examples/tutorial/memcachedcluster.yaml");

  private Examples() {}

  /**
   * The objects of {@code manifest} (one or more YAML documents) moved into {@code namespace} (the
   * files name {@code default}), the spec of each MemcachedCluster changed by {@code changeSpec}.
   */
  public static String inNamespace(
      KubernetesSerialization serialization,
      Path manifest,
      String namespace,
      BiConsumer<Map<String, Object>, KubernetesSerialization> changeSpec) {
    try {
      StringBuilder yaml = new StringBuilder();
      for (String doc : Files.readString(manifest).split("(?m)^---$")) {
        GenericKubernetesResource resource =
            serialization.unmarshal(doc, GenericKubernetesResource.class);
        resource.getMetadata().setNamespace(namespace);
        if ("MemcachedCluster".equals(resource.getKind())) {
          @SuppressWarnings("unchecked")
          Map<String, Object> spec =
              (Map<String, Object>)
                  resource.getAdditionalProperties().computeIfAbsent("spec", k -> new HashMap<>());
          changeSpec.accept(spec, serialization);
        }
        yaml.append(serialization.asYaml(resource)).append("\n");
      }
      return yaml.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + manifest, e);
    }
  }

  /** {@link #inNamespace} with the spec as the file has it. */
  public static String inNamespace(
      KubernetesSerialization serialization, Path manifest, String namespace) {
    return inNamespace(serialization, manifest, namespace, (spec, s) -> {});
  }
}
