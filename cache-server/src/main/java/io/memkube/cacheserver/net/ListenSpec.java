package io.memkube.cacheserver.net;

import java.util.ArrayList;
import java.util.List;

/**
 * One listener of memcached's {@code -l}: a comma-separated list of {@code [notls:]host[:port]}
 * ({@code [v6]:port} for IPv6); a listener without a port takes {@code -p}, and with {@code -Z}
 * every listener speaks TLS except those marked {@code notls:}.
 *
 * @param host the address to bind, or null for every interface
 * @param port the port
 * @param tls whether connections on it start with a TLS handshake
 */
public record ListenSpec(String host, int port, boolean tls) {
  private static final String NOTLS = "notls:";

  /** The listeners of {@code -l} (null: every interface on {@code -p}). */
  public static List<ListenSpec> parse(String listen, int defaultPort, boolean tlsEnabled) {
    List<ListenSpec> out = new ArrayList<>();
    if (listen == null) {
      out.add(new ListenSpec(null, defaultPort, tlsEnabled));
      return out;
    }
    for (String item : listen.split(",")) {
      boolean tls = tlsEnabled;
      String s = item;
      if (s.startsWith(NOTLS)) {
        tls = false;
        s = s.substring(NOTLS.length());
      }
      String host = s;
      int port = defaultPort;
      if (s.startsWith("[")) {
        int close = s.indexOf(']');
        host = s.substring(1, close < 0 ? s.length() : close);
        if (close >= 0 && close + 1 < s.length() && s.charAt(close + 1) == ':') {
          port = Integer.parseInt(s.substring(close + 2));
        }
      } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
        host = s.substring(0, s.indexOf(':'));
        port = Integer.parseInt(s.substring(s.indexOf(':') + 1));
      }
      out.add(new ListenSpec(host, port, tls));
    }
    return out;
  }
}
