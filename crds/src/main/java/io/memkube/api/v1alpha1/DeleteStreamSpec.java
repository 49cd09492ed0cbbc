package io.memkube.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Objects;

/**
 * The proxy's reliable delete stream (mcrouter's asynclog): deletes a cache server cannot take are
 * spooled on a volume of the proxy pod and delivered when the server answers again.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeleteStreamSpec {

  @JsonPropertyDescription(
      "Spool deletes that fail and deliver them later (the default); false answers them with"
          + " their error instead (--asynclog-disable).")
  @Default("true")
  private Boolean enabled;

  @JsonPropertyDescription(
      "Size of the spool volume (an emptyDir); the proxy keeps its spool within 90% of it,"
          + " dropping the oldest deletes beyond. Default 64Mi (about a million deletes).")
  private Quantity sizeLimit;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public Quantity getSizeLimit() {
    return sizeLimit;
  }

  public void setSizeLimit(Quantity sizeLimit) {
    this.sizeLimit = sizeLimit;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeleteStreamSpec d
        && Objects.equals(enabled, d.enabled)
        && Objects.equals(sizeLimit, d.sizeLimit);
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled, sizeLimit);
  }
}
