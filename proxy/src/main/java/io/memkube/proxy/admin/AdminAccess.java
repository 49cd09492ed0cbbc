package io.memkube.proxy.admin;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Locale;
import java.util.Set;

/**
 * Which clients may read the {@code __mcrouter__.*} keys that show the proxy's configuration
 * ({@code --admin-keys-from}): the config text and file (every server's address, and whatever the
 * config holds), the options and the route queries. The other keys ({@code version}, {@code
 * config_md5_digest}, {@code config_age}, {@code hostid}) say nothing a client could use and stay
 * open to all, as in mcrouter, for monitoring that compares digests across nodes.
 */
public enum AdminAccess {
  /** Any client, as mcrouter. */
  ALL,
  /** Clients on the proxy's own host (an exec into the pod, a sidecar): the default. */
  LOOPBACK,
  /** Nobody: the keys answer as misses. */
  NONE;

  private static final Set<String> OPEN =
      Set.of("version", "config_md5_digest", "config_age", "hostid");

  /** {@code --admin-keys-from}'s value: all, loopback or none. */
  public static AdminAccess parse(String flag) {
    try {
      return valueOf(flag.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--admin-keys-from must be all, loopback or none, got '" + flag + "'");
    }
  }

  /** Whether {@code what} (after {@code __mcrouter__.}) answers a client at {@code remote}. */
  public boolean allows(String what, SocketAddress remote) {
    if (this == ALL || OPEN.contains(what)) {
      return true;
    }
    return this == LOOPBACK
        && remote instanceof InetSocketAddress a
        && a.getAddress() != null
        && a.getAddress().isLoopbackAddress();
  }
}
