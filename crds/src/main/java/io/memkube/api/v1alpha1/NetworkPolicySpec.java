package io.memkube.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.List;
import java.util.Objects;

/**
 * The cluster's NetworkPolicy: who may open the ports that carry data. Off by default, because a
 * policy selecting the cache pods cuts off every client that reaches them directly today, and the
 * operator cannot know those clients.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NetworkPolicySpec {

  @JsonPropertyDescription(
      "Create the NetworkPolicies NAME (cache pods) and NAME-proxy (proxy pods). Off by default:"
          + " turning it on cuts off clients that are not listed in allowedClients.")
  @Default("false")
  private Boolean enabled;

  @JsonPropertyDescription(
      "Who may reach the cluster's data port, as NetworkPolicy peers (podSelector,"
          + " namespaceSelector, ipBlock): the proxy's port when the proxy is enabled, else the"
          + " cache servers' port 11211. Empty: the proxy's port stays open to everyone (the"
          + " cache servers still only to the proxies); with the proxy disabled, nobody but the"
          + " pods listed here reaches the servers.")
  private List<NetworkPolicyPeer> allowedClients;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public List<NetworkPolicyPeer> getAllowedClients() {
    return allowedClients;
  }

  public void setAllowedClients(List<NetworkPolicyPeer> allowedClients) {
    this.allowedClients = allowedClients;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NetworkPolicySpec n
        && Objects.equals(enabled, n.enabled)
        && Objects.equals(allowedClients, n.allowedClients);
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled, allowedClients);
  }
}
