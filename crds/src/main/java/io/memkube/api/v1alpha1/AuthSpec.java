package io.memkube.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import java.util.Objects;

/** memcached's ASCII authentication ({@code -Y}) for the cluster's clients. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AuthSpec {

  /** The key of the Secret that holds the {@code user:password} lines. */
  public static final String SECRET_KEY = "users";

  @JsonPropertyDescription(
      "Clients must log in (memcached's ASCII auth: set <any> 0 0 N, then 'user password')."
          + " The cache servers check every login (-Y); with the proxy the proxies check their"
          + " clients' logins too and log in to the servers with the Secret's first entry.")
  @Default("false")
  private Boolean enabled;

  @JsonPropertyDescription(
      "Secret in the cluster's namespace whose key 'users' holds memcached's -Y file: lines of"
          + " user:password, at most 8, each ending in a newline. Unset: the operator generates"
          + " the Secret NAME-auth with the user 'memkube' and a random password.")
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  private String secretName;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuthSpec a
        && Objects.equals(enabled, a.enabled)
        && Objects.equals(secretName, a.secretName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled, secretName);
  }
}
