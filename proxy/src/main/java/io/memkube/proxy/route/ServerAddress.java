package io.memkube.proxy.route;

/**
 * A server as written in a pool: {@code host:port}, {@code [v6]:port}, optionally followed by
 * {@code :ascii} (the only protocol spoken).
 */
public record ServerAddress(String host, int port) {

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
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i];
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
    return new ServerAddress(host, port);
  }

  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
