package io.memkube.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * What protection is in force on every pod, as observed on the workloads (not as asked in the
 * spec): while a change rolls out, the weaker of the old and new state is shown.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecurityStatus {

  /** No pod checks logins. */
  public static final String AUTH_NONE = "None";

  /** Every proxy checks its clients' logins (--auth-file). */
  public static final String AUTH_PROXIES = "Proxies";

  /** Every cache server checks logins (-Y). */
  public static final String AUTH_SERVERS = "Servers";

  @JsonPropertyDescription(
      "Who checks client logins on every pod: None, Proxies (--auth-file; the cache servers are"
          + " then protected by the NetworkPolicy only) or Servers (-Y).")
  private String auth;

  @JsonPropertyDescription("The cache servers' NetworkPolicy exists.")
  private Boolean networkPolicy;

  public SecurityStatus() {}

  public SecurityStatus(String auth, Boolean networkPolicy) {
    this.auth = auth;
    this.networkPolicy = networkPolicy;
  }

  public String getAuth() {
    return auth;
  }

  public void setAuth(String auth) {
    this.auth = auth;
  }

  public Boolean getNetworkPolicy() {
    return networkPolicy;
  }

  public void setNetworkPolicy(Boolean networkPolicy) {
    this.networkPolicy = networkPolicy;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecurityStatus s
        && Objects.equals(auth, s.auth)
        && Objects.equals(networkPolicy, s.networkPolicy);
  }

  @Override
  public int hashCode() {
    return Objects.hash(auth, networkPolicy);
  }
}
