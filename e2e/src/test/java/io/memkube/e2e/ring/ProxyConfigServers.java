package io.memkube.e2e.ring;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads which cache servers a proxy ConfigMap lists. Servers are named by their stable DNS name,
 * {@code NAME-i.NAME.NAMESPACE.svc.<domain>:11211}, so the ordinals are found by name in any of the
 * ConfigMap's files, whatever the route layout around them.
 */
public final class ProxyConfigServers {

  private final Pattern serverName;

  /** For the cluster {@code namespace/name}. */
  public ProxyConfigServers(String namespace, String name) {
    this.serverName =
        Pattern.compile(
            "(?<![\\w.-])"
                + Pattern.quote(name)
                + "-(\\d+)\\."
                + Pattern.quote(name)
                + "\\."
                + Pattern.quote(namespace)
                + "\\.svc\\b");
  }

  /** The ordinals {@code config} lists; empty for a missing ConfigMap. */
  public Set<Integer> of(ConfigMap config) {
    Set<Integer> servers = new TreeSet<>();
    Map<String, String> data =
        config == null || config.getData() == null ? Map.of() : config.getData();
    for (String text : data.values()) {
      Matcher matcher = serverName.matcher(text);
      while (matcher.find()) {
        servers.add(Integer.parseInt(matcher.group(1)));
      }
    }
    return servers;
  }
}
