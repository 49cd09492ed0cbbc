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

  /**
   * Every proxy checks its clients' logins and every cache server checks logins (-Y), the proxies'
   * own among them.
   */
  public static final String AUTH_PROXIES_AND_SERVERS = "ProxiesAndServers";

  /** No pod speaks TLS. */
  public static final String TLS_NONE = "None";

  /** Every cache server speaks TLS (-Z); there is no proxy. */
  public static final String TLS_SERVERS = "Servers";

  /** Every proxy offers TLS to its clients and speaks it to the cache servers, which require it. */
  public static final String TLS_PROXIES_AND_SERVERS = "ProxiesAndServers";

  @JsonPropertyDescription(
      "Who checks client logins on every pod: None, Proxies (--auth-file only), Servers (-Y)"
          + " or ProxiesAndServers (the proxies check their clients and log in to the servers,"
          + " which check every login).")
  private String auth;

  @JsonPropertyDescription(
      "Where TLS is in force on every pod: None, Servers (-Z, no proxy) or ProxiesAndServers"
          + " (the proxies' TLS port for clients, TLS from the proxies to the servers).")
  private String tls;

  @JsonPropertyDescription("The cache servers' NetworkPolicy exists.")
  private Boolean networkPolicy;

  public SecurityStatus() {}

  public SecurityStatus(String auth, Boolean networkPolicy) {
    this(auth, TLS_NONE, networkPolicy);
  }

  public SecurityStatus(String auth, String tls, Boolean networkPolicy) {
    this.auth = auth;
    this.tls = tls;
    this.networkPolicy = networkPolicy;
  }

  public String getAuth() {
    return auth;
  }

  public void setAuth(String auth) {
    this.auth = auth;
  }

  public String getTls() {
    return tls;
  }

  public void setTls(String tls) {
    this.tls = tls;
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
        && Objects.equals(tls, s.tls)
        && Objects.equals(networkPolicy, s.networkPolicy);
  }

  @Override
  public int hashCode() {
    return Objects.hash(auth, tls, networkPolicy);
  }
}
