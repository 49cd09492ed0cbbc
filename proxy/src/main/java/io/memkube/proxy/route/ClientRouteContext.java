package io.memkube.proxy.route;

import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.request.McRequest;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The routing context of one client connection: the proxy thread's connections, and the client's
 * address for the routes that choose by client (OriginalClientHashRoute). One per connection, made
 * when it opens; routes keep it for replies and retries that finish later, so a child chosen after
 * a failover still sees the client that asked.
 */
public final class ClientRouteContext implements RouteContext {
  private final RouteContext threadContext;
  private final byte[] address;

  public ClientRouteContext(RouteContext threadContext, SocketAddress client) {
    this.threadContext = threadContext;
    this.address =
        client instanceof InetSocketAddress a && a.getAddress() != null
            ? addressText(a.getAddress()).getBytes(StandardCharsets.US_ASCII)
            : null;
  }

  @Override
  public void send(Destination destination, McRequest req, Consumer<McReply> done) {
    threadContext.send(destination, req, done);
  }

  @Override
  public Executor executor() {
    return threadContext.executor();
  }

  @Override
  public byte[] clientAddress() {
    return address;
  }

  /**
   * The address as mcrouter writes it ({@code inet_ntop}): dotted IPv4; IPv6 in lower-case hex
   * groups without leading zeros, the first longest run of two zero groups or more as {@code ::},
   * IPv4-mapped and IPv4-compatible addresses with their IPv4 part dotted; no scope.
   */
  static String addressText(InetAddress a) {
    if (a instanceof Inet4Address) {
      return a.getHostAddress();
    }
    if (!(a instanceof Inet6Address)) {
      return a.getHostAddress();
    }
    byte[] b = a.getAddress();
    int[] words = new int[8];
    for (int i = 0; i < 8; i++) {
      words[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
    }
    int bestBase = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; ) {
      if (words[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && words[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestBase = i;
        bestLen = j - i;
      }
      i = j;
    }
    if (bestLen < 2) {
      bestBase = -1;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
        if (i == bestBase) {
          sb.append(':');
        }
        continue;
      }
      if (i != 0) {
        sb.append(':');
      }
      // an IPv4-compatible (::a.b.c.d) or IPv4-mapped (::ffff:a.b.c.d) address ends dotted
      if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && words[5] == 0xffff))) {
        sb.append(b[12] & 0xff).append('.').append(b[13] & 0xff).append('.');
        sb.append(b[14] & 0xff).append('.').append(b[15] & 0xff);
        return sb.toString();
      }
      sb.append(Integer.toHexString(words[i]));
    }
    if (bestBase >= 0 && bestBase + bestLen == 8) {
      sb.append(':');
    }
    return sb.toString();
  }
}
