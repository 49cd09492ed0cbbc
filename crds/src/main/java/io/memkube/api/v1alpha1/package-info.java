/**
 * The {@code memkube.io/v1alpha1} API: the {@link io.memkube.api.v1alpha1.MemcachedCluster} custom
 * resource. The CRD YAML under {@code crds/} is generated from these classes by the build; the
 * annotations here are the schema's single source (defaults, ranges, patterns, CEL rules).
 */
package io.memkube.api.v1alpha1;
