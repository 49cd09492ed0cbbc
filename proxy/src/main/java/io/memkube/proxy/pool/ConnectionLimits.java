package io.memkube.proxy.pool;

/**
 * Bounds for one connection to one server, so that a slow server cannot make the proxy buffer
 * without limit.
 *
 * @param maxInflight requests written and awaiting a reply ({@code --target-max-inflight-requests})
 * @param maxPending requests waiting to be written ({@code --target-max-pending-requests}); more
 *     are answered {@code SERVER_ERROR} at once
 * @param connectTimeoutMillis {@code --connect-timeout}
 * @param idleCloseMillis close a connection unused this long ({@code
 *     --reset-inactive-connection-interval}); 0 keeps it open
 */
public record ConnectionLimits(
    int maxInflight, int maxPending, int connectTimeoutMillis, long idleCloseMillis) {

  public static ConnectionLimits defaults() {
    return new ConnectionLimits(10_000, 100_000, 1000, 60_000);
  }
}
