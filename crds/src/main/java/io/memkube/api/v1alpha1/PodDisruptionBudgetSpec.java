package io.memkube.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import java.util.Objects;

/** The PodDisruptionBudget of the cache pods: how many may be evicted at once. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PodDisruptionBudgetSpec {

  @JsonPropertyDescription("Create the PodDisruptionBudget.")
  @Default("true")
  private Boolean enabled;

  @JsonPropertyDescription("Cache pods that a voluntary disruption may take down at once (>= 0).")
  @Default("1")
  @Min(0)
  private Integer maxUnavailable;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public Integer getMaxUnavailable() {
    return maxUnavailable;
  }

  public void setMaxUnavailable(Integer maxUnavailable) {
    this.maxUnavailable = maxUnavailable;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PodDisruptionBudgetSpec p
        && Objects.equals(enabled, p.enabled)
        && Objects.equals(maxUnavailable, p.maxUnavailable);
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled, maxUnavailable);
  }
}
