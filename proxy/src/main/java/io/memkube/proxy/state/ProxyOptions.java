package io.memkube.proxy.state;

import io.memkube.protocol.auth.Authenticator;
import io.memkube.proxy.admin.AdminAccess;
import io.memkube.proxy.auth.CredentialFiles;
import io.memkube.proxy.pool.ConnectionLimits;
import io.memkube.proxy.tls.ProxyTls;

/**
 * Runtime settings of the proxy, from the command line.
 *
 * @param maxClientOutstanding {@code --max-client-outstanding-reqs}: stop reading from a client
 *     with this many requests (one per key) sent but not yet answered, as mcrouter; 0 disables
 * @param enableFlushCommand {@code --enable-flush-cmd}
 * @param missOnGetErrors answer a failed retrieval as a miss (mcrouter's default)
 * @param limits per-server connection limits
 * @param maxClientReplyBytes {@code --max-client-buffered-reply-bytes}: a client that lets more
 *     reply bytes than this wait for it gets further values as memcached's {@code SERVER_ERROR out
 *     of memory writing get response}, so a client that does not read cannot grow the proxy; 0
 *     disables
 * @param tls TLS toward clients ({@code --ssl-port}) and toward {@code use_ssl} servers
 * @param adminAccess which clients read the config through {@code __mcrouter__.*} keys
 * @param clientAuth {@code --auth-file}: clients log in as to memcached's {@code -Y}; null: none
 * @param poolCredentials the logins toward servers started with {@code -Y} ({@code
 *     credentials_file}, {@code --pool-credentials-file})
 */
public record ProxyOptions(
    int maxClientOutstanding,
    boolean enableFlushCommand,
    boolean missOnGetErrors,
    ConnectionLimits limits,
    long maxClientReplyBytes,
    ProxyTls tls,
    AdminAccess adminAccess,
    Authenticator clientAuth,
    CredentialFiles poolCredentials) {

  /** The default of {@code --max-client-buffered-reply-bytes}. */
  public static final long DEFAULT_MAX_CLIENT_REPLY_BYTES = 64L * 1024 * 1024;

  /** No logins toward servers. */
  public ProxyOptions(
      int maxClientOutstanding,
      boolean enableFlushCommand,
      boolean missOnGetErrors,
      ConnectionLimits limits,
      long maxClientReplyBytes,
      ProxyTls tls,
      AdminAccess adminAccess,
      Authenticator clientAuth) {
    this(
        maxClientOutstanding,
        enableFlushCommand,
        missOnGetErrors,
        limits,
        maxClientReplyBytes,
        tls,
        adminAccess,
        clientAuth,
        CredentialFiles.none());
  }

  public ProxyOptions(
      int maxClientOutstanding,
      boolean enableFlushCommand,
      boolean missOnGetErrors,
      ConnectionLimits limits,
      long maxClientReplyBytes) {
    this(
        maxClientOutstanding,
        enableFlushCommand,
        missOnGetErrors,
        limits,
        maxClientReplyBytes,
        ProxyTls.none(),
        AdminAccess.LOOPBACK,
        null);
  }

  public ProxyOptions(
      int maxClientOutstanding,
      boolean enableFlushCommand,
      boolean missOnGetErrors,
      ConnectionLimits limits) {
    this(
        maxClientOutstanding,
        enableFlushCommand,
        missOnGetErrors,
        limits,
        DEFAULT_MAX_CLIENT_REPLY_BYTES);
  }

  public static ProxyOptions defaults() {
    return new ProxyOptions(1024, false, true, ConnectionLimits.defaults());
  }

  /** These options with {@code tls} (the {@code --ssl-port} listener and TLS toward servers). */
  public ProxyOptions withTls(ProxyTls tls) {
    return new ProxyOptions(
        maxClientOutstanding,
        enableFlushCommand,
        missOnGetErrors,
        limits,
        maxClientReplyBytes,
        tls,
        adminAccess,
        clientAuth,
        poolCredentials);
  }
}
