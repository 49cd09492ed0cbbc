package io.memkube.proxy.configmodel.parse;

import java.util.Map;

/**
 * The command-line settings that shape how a config is read.
 *
 * @param defaultServerTimeoutMillis {@code --server-timeout}, for pools without server_timeout
 * @param routePrefix {@code --route-prefix}: the routing prefix of keys without one
 * @param sendInvalidRouteToDefault {@code --send-invalid-route-to-default}
 * @param params {@code --config-params}: values for {@code %name%} in the config
 * @param hostId this host's id, for LatestRoute
 */
public record LoaderOptions(
    long defaultServerTimeoutMillis,
    String routePrefix,
    boolean sendInvalidRouteToDefault,
    Map<String, String> params,
    long hostId) {

  public static LoaderOptions defaults() {
    return new LoaderOptions(1000, "/././", false, Map.of(), 0);
  }
}
