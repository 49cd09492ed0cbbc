package io.memkube.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Where clients connect: the servers directly, or the proxy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EndpointsStatus {

  @JsonPropertyDescription(
      "DNS name of the headless Service; server i is NAME-i.<this name>, port 11211.")
  private String servers;

  @JsonPropertyDescription("Port of the cache servers.")
  private Integer serverPort;

  @JsonPropertyDescription("DNS name of the proxy's ClusterIP Service, when the proxy is enabled.")
  private String proxy;

  @JsonPropertyDescription(
      "Port clients use on the proxy (also the node's hostPort when enabled): spec.tls.proxyPort"
          + " (TLS) when spec.tls is set, else spec.proxy.port.")
  private Integer proxyPort;

  public EndpointsStatus() {}

  public EndpointsStatus(String servers, Integer serverPort, String proxy, Integer proxyPort) {
    this.servers = servers;
    this.serverPort = serverPort;
    this.proxy = proxy;
    this.proxyPort = proxyPort;
  }

  public String getServers() {
    return servers;
  }

  public void setServers(String servers) {
    this.servers = servers;
  }

  public Integer getServerPort() {
    return serverPort;
  }

  public void setServerPort(Integer serverPort) {
    this.serverPort = serverPort;
  }

  public String getProxy() {
    return proxy;
  }

  public void setProxy(String proxy) {
    this.proxy = proxy;
  }

  public Integer getProxyPort() {
    return proxyPort;
  }

  public void setProxyPort(Integer proxyPort) {
    this.proxyPort = proxyPort;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EndpointsStatus e
        && Objects.equals(servers, e.servers)
        && Objects.equals(serverPort, e.serverPort)
        && Objects.equals(proxy, e.proxy)
        && Objects.equals(proxyPort, e.proxyPort);
  }

  @Override
  public int hashCode() {
    return Objects.hash(servers, serverPort, proxy, proxyPort);
  }
}
