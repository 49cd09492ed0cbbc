package io.memkube.proxy.net;

import io.memkube.proxy.pool.ConnectionLimits;

/**
 * Runtime settings of the proxy, from the command line.
 *
 * @param maxClientOutstanding stop reading from a client with this many requests unanswered
 * @param enableFlushCommand {@code --enable-flush-cmd}
 * @param missOnGetErrors answer a failed retrieval as a miss (mcrouter's old default)
 * @param limits per-server connection limits
 */
public record ProxyOptions(
    int maxClientOutstanding,
    boolean enableFlushCommand,
    boolean missOnGetErrors,
    ConnectionLimits limits) {

  public static ProxyOptions defaults() {
    return new ProxyOptions(1024, false, true, ConnectionLimits.defaults());
  }
}
