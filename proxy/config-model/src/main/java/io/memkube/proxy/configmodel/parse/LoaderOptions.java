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
 * @param tkoFailoverExptimeSeconds {@code --tko-failover-exptime-seconds}: above 0, a pool's down
 *     server's requests go to the next server that is up, updates with at most this expiry ({@link
 *     io.memkube.proxy.route.TkoFailoverRoute}); 0: off, mcrouter's behaviour
 */
public record LoaderOptions(
    long defaultServerTimeoutMillis,
    String routePrefix,
    boolean sendInvalidRouteToDefault,
    Map<String, String> params,
    long hostId,
    long tkoFailoverExptimeSeconds) {

  public LoaderOptions(
      long defaultServerTimeoutMillis,
      String routePrefix,
      boolean sendInvalidRouteToDefault,
      Map<String, String> params,
      long hostId) {
    this(defaultServerTimeoutMillis, routePrefix, sendInvalidRouteToDefault, params, hostId, 0);
  }

  /** The same, with {@code --tko-failover-exptime-seconds}. */
  public LoaderOptions withTkoFailover(long exptimeSeconds) {
    return new LoaderOptions(
        defaultServerTimeoutMillis,
        routePrefix,
        sendInvalidRouteToDefault,
        params,
        hostId,
        exptimeSeconds);
  }

  public static LoaderOptions defaults() {
    return new LoaderOptions(1000, "/././", false, Map.of(), 0);
  }
}
