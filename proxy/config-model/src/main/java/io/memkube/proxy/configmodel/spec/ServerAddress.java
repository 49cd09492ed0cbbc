package io.memkube.proxy.configmodel.spec;

/**
 * A server as written in a pool: {@code host:port}, {@code [v6]:port}, optionally followed by
 * {@code :ascii} (the only protocol spoken) and mcrouter's security mechanism ({@code :plain}, or
 * {@code :ssl} for TLS; a pool's {@code use_ssl} sets it for all its servers).
 *
 * @param tls whether the proxy speaks TLS to it
 */
public record ServerAddress(String host, int port, boolean tls) {

  public ServerAddress(String host, int port) {
    this(host, port, false);
  }

  /** The same server, spoken to over TLS. */
  public ServerAddress withTls() {
    return new ServerAddress(host, port, true);
  }

  public static ServerAddress parse(String spec) {
    String s = spec.trim();
    String host;
    String rest;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
        throw new IllegalArgumentException("expected [ipv6]:port, got '" + spec + "'");
      }
      host = s.substring(1, close);
      rest = s.substring(close + 2);
    } else {
      int colon = s.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("expected host:port, got '" + spec + "'");
      }
      host = s.substring(0, colon);
      rest = s.substring(colon + 1);
    }
    String[] parts = rest.split(":");
    if (parts.length > 3) {
      throw new IllegalArgumentException("expected host:port[:protocol], got '" + spec + "'");
    }
    boolean tls = false;
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i];
      if (p.equals("ssl")) {
        tls = true;
        continue;
      }
      if (!p.equals("ascii") && !p.equals("plain") && !p.equals("notcompressed")) {
        throw new IllegalArgumentException(
            "only the ascii protocol is spoken, got '" + p + "' in '" + spec + "'");
      }
    }
    int port;
    try {
      port = Integer.parseInt(parts[0]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad port in '" + spec + "'");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range in '" + spec + "'");
    }
    return new ServerAddress(host, port, tls);
  }

  @Override
  public String toString() {
    String hostPort = host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    return tls ? hostPort + ":ascii:ssl" : hostPort;
  }
}
