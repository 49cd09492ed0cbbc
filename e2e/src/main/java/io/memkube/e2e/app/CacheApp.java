package io.memkube.e2e.app;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The test application of the data-plane suite, in the shape the tutorial recommends: it gets its
 * node's name from the downward API ({@code NODE_NAME}) and talks to the memkube proxy on its own
 * node at {@code $NODE_NAME:5000}, with no list of servers and no hashing of its own.
 *
 * <pre>
 *   write PREFIX COUNT   stores PREFIX-0 .. PREFIX-(COUNT-1), prints how many were stored and read back
 * </pre>
 *
 * <p>With {@code MEMCACHED_TLS_CA} (a CA file, the TLS Secret's {@code ca.crt} mounted) it speaks
 * TLS and checks the proxy's certificate for {@code MEMCACHED_TLS_NAME} (the proxy Service's name:
 * the node's address is in no certificate); with {@code MEMCACHED_USER} and {@code
 * MEMCACHED_PASSWORD} it logs in first (memcached's ASCII auth).
 *
 * <p>Exits 0 when every key was stored and read back, 1 otherwise, 2 on bad arguments.
 */
public final class CacheApp {

  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private CacheApp() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out));
  }

  static int run(String[] args, Map<String, String> env, PrintStream out) {
    if (args.length != 3 || !args[0].equals("write")) {
      out.println("usage: write PREFIX COUNT (NODE_NAME and optionally MEMCACHED_PORT set)");
      return 2;
    }
    String host = env.get("NODE_NAME");
    if (host == null || host.isBlank()) {
      out.println("NODE_NAME is not set: give it from the downward API (spec.nodeName)");
      return 2;
    }
    int port = Integer.parseInt(env.getOrDefault("MEMCACHED_PORT", "5000"));
    String prefix = args[1];
    int count = Integer.parseInt(args[2]);
    int stored = 0;
    int read = 0;
    try (TextProtocolConnection proxy = connect(host, port, env)) {
      String user = env.get("MEMCACHED_USER");
      if (user != null && !proxy.login(user, env.getOrDefault("MEMCACHED_PASSWORD", ""))) {
        out.println("login as " + user + " refused: " + proxy.lastReply());
        return 1;
      }
      for (int i = 0; i < count; i++) {
        String key = prefix + "-" + i;
        if (proxy.set(key, "value-" + i)) {
          stored++;
        }
      }
      for (int i = 0; i < count; i++) {
        if (proxy.get(prefix + "-" + i).map(("value-" + i)::equals).orElse(false)) {
          read++;
        }
      }
    } catch (IOException e) {
      out.println(host + ":" + port + " failed: " + e);
    }
    out.println(
        "stored " + stored + " of " + count + ", read back " + read + " via " + host + ":" + port);
    return stored == count && read == count ? 0 : 1;
  }

  private static TextProtocolConnection connect(String host, int port, Map<String, String> env)
      throws IOException {
    String ca = env.get("MEMCACHED_TLS_CA");
    if (ca == null) {
      return TextProtocolConnection.open(host, port, TIMEOUT);
    }
    return TextProtocolConnection.openTls(
        host,
        port,
        TIMEOUT,
        TextProtocolConnection.trusting(Path.of(ca)),
        env.getOrDefault("MEMCACHED_TLS_NAME", host));
  }
}
