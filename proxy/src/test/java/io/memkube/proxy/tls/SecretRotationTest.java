package io.memkube.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.protocol.reload.SecretVolume;
import io.memkube.protocol.tls.TestCertificates;
import io.memkube.proxy.testing.BackendProcess;
import io.memkube.proxy.testing.FreePorts;
import io.memkube.proxy.testing.ProxyProcess;
import io.memkube.proxy.testing.TextClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Kubernetes Secret rotated under a running cache server and proxy (real processes, both with TLS
 * and ASCII auth, reading the files through a kubelet-style volume): the kubelet's symlink swap
 * reaches both with no signal and no restart, traffic through the proxy sees no failed request, new
 * connections get the new certificate, new logins and new upstream connections use the new
 * credentials, and a half-written key keeps the certificate in force. pymemcache over TLS (Python's
 * ssl module) talks to both before the rotation.
 */
class SecretRotationTest {
  @TempDir Path dir;

  // memcached's -Y file is shared by the servers and the proxies, which log in with its first
  // entry:
  // a password is rotated by adding the new entry second, moving it first, then removing the old
  // (each step reaching every pod before the next), so no login is ever refused
  private static final String USER_OLD = "memkube:old\n";
  private static final String USERS_ADDED = "memkube:old\nmemkube2:new\n";
  private static final String USERS_BOTH = "memkube2:new\nmemkube:old\n";
  private static final String USER_NEW = "memkube2:new\n";

  @Test
  void aRotatedSecretReachesServerAndProxyWithoutAFailedRequest() throws Exception {
    TestCertificates certs = TestCertificates.create(Files.createDirectories(dir.resolve("pki")));
    Path newCert = dir.resolve("pki/server2.crt");
    // a new key as well as a new certificate, so that a certificate read with the old key shows
    certs.sign("server2", certs.clientKey, newCert, "subjectAltName=IP:127.0.0.1,DNS:localhost");
    SecretVolume secret = new SecretVolume(dir.resolve("secret"));
    publish(secret, certs.serverCert, certs.serverKey, certs.caCert, USER_OLD);
    String crt = secret.path("tls.crt").toString();
    String key = secret.path("tls.key").toString();
    String ca = secret.path("ca.crt").toString();
    String users = secret.path("users").toString();

    int serverPort = FreePorts.next();
    int serverHealth = FreePorts.next();
    int sslPort = FreePorts.next();
    String config =
        "{\"pools\": {\"A\": {\"servers\": [\"127.0.0.1:"
            + serverPort
            + "\"], \"use_ssl\": true, \"credentials_file\": \""
            + users
            + "\"}}, \"route\": \"PoolRoute|A\"}";
    try (BackendProcess server =
            BackendProcess.memkubeWithTls(
                serverPort,
                crt,
                key,
                // client certificates asked for, checked when given: the proxy presents its own
                "-o",
                "ssl_ca_cert=" + ca + ",ssl_verify_mode=1",
                "-Y",
                users,
                "--watch-files-interval",
                "1",
                "--health-port",
                Integer.toString(serverHealth));
        ProxyProcess proxy =
            ProxyProcess.start(
                config,
                "--ssl-port",
                Integer.toString(sslPort),
                "--server-pem-cert-path",
                crt,
                "--server-pem-key-path",
                key,
                "--pem-ca-path",
                ca,
                "--pem-cert-path",
                crt,
                "--pem-key-path",
                key,
                "--auth-file",
                users,
                "--watch-files-interval",
                "1",
                "--reset-inactive-connection-interval",
                "1000",
                // a first TLS handshake with client certificates takes over the default 1 s on a
                // loaded 2-core machine
                "--server-timeout",
                "5000",
                "--asynclog-disable")) {
      SSLContext tls = certs.client(null, null, "TLS");
      String oldPem = body(certs.serverCert);
      String newPem = body(newCert);

      // pymemcache over TLS, to the server and through the proxy
      phase("started");
      assertEquals("ok " + oldPem, pymemcache(serverPort, certs.caCert, "memkube", "old"));
      assertEquals("ok " + oldPem, pymemcache(sslPort, certs.caCert, "memkube", "old"));
      // a Java application over TLS (the ElastiCache cluster client), through the proxy
      assertEquals(
          "ok from the ElastiCache client", elastiCache(sslPort, certs.caCert, "memkube old"));

      phase("pymemcache and the ElastiCache client");
      Traffic traffic = new Traffic(tls, sslPort);
      Thread t = Thread.ofPlatform().name("traffic").start(traffic);
      try {
        awaitTrue(() -> traffic.requests.get() > 100, "traffic flows", proxy);
        phase("traffic flows");
        publish(secret, newCert, certs.clientKey, certs.caCert, USERS_ADDED);
        awaitTrue(() -> presented(tls, serverPort).equals(newPem), "server's new cert", proxy);
        awaitTrue(() -> presented(tls, sslPort).equals(newPem), "proxy's new cert", proxy);
        awaitTrue(() -> logsIn(tls, serverPort, "memkube2 new"), "server adds the user", proxy);
        phase("new certificate on both, new user on the server");
        publish(secret, newCert, certs.clientKey, certs.caCert, USERS_BOTH);
        awaitTrue(
            () -> proxy.outputContains("credentials file " + users + " changed on disk"),
            "proxy logs in as the new user",
            proxy);
        long atSwap = traffic.requests.get();
        awaitTrue(() -> traffic.requests.get() > atSwap + 100, "traffic goes on", proxy);
      } finally {
        traffic.stop.set(true);
        t.join(10_000);
      }
      System.out.println(
          "secret rotation: "
              + traffic.requests.get()
              + " requests over "
              + traffic.connections.get()
              + " TLS connections through the proxy, "
              + traffic.failures.get()
              + " failed");
      assertEquals(0, traffic.failures.get(), "failed requests, first: " + traffic.firstFailure);
      assertTrue(traffic.connections.get() > 3, "new connections during the rotation");

      phase("proxy logs in as the new user, traffic went on");
      // a half-written key: the certificate in force stays, the failure is counted
      secret.publish(
          Map.of(
              "tls.crt", Files.readAllBytes(certs.serverCert),
              "tls.key", "-----BEGIN PRIVATE KEY-----\nMIIE".getBytes(StandardCharsets.US_ASCII),
              "ca.crt", Files.readAllBytes(certs.caCert),
              "users", USERS_BOTH.getBytes(StandardCharsets.US_ASCII)));
      try (TextClient c = loggedIn(tls, sslPort, "memkube2 new")) {
        // both of the proxy's TLS contexts read the key: the listener's and the one toward servers
        awaitTrue(() -> stat(c, "file_reload_failures") >= 2, "the failures counted", proxy);
      }
      awaitTrue(
          () -> metrics(serverHealth).contains("memkube_cache_file_reload_failures_total 1"),
          "the server counts the failure",
          proxy);
      assertEquals(newPem, presented(tls, serverPort));
      assertEquals(newPem, presented(tls, sslPort));

      // the old user removed: a new upstream connection (the idle one closed after 1 s) logs in
      // as the new user, or this request would fail
      phase("half-written key refused");
      publish(secret, newCert, certs.clientKey, certs.caCert, USER_NEW);
      awaitTrue(() -> !logsIn(tls, serverPort, "memkube old"), "server drops the old user", proxy);
      Thread.sleep(2500);
      try (TextClient c = loggedIn(tls, sslPort, "memkube2 new")) {
        assertEquals("STORED", c.line("set after 0 0 1\r\nx\r\n"), proxy.output());
        assertEquals(0, stat(c, "server_auth_failures"));
        assertTrue(stat(c, "file_reloads") >= 4, "certificates both sides, auth, credentials");
      }
      phase("old user removed, a new upstream connection logs in");
      assertTrue(
          server.output().contains("TLS certificate (-o ssl_chain_cert, ssl_key, ssl_ca_cert)"),
          server.output());
    }
  }

  private final long startNanos = System.nanoTime();

  /** Prints how long the test took to reach this point (the figures for docs/security.md). */
  private void phase(String reached) {
    System.out.printf("%6.1f s: %s%n", (System.nanoTime() - startNanos) / 1e9, reached);
  }

  /** A request loop through the proxy's TLS port, on a new connection every 20 requests. */
  private static final class Traffic implements Runnable {
    final SSLContext tls;
    final int port;
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final AtomicLong connections = new AtomicLong();
    final AtomicReference<String> firstFailure = new AtomicReference<>();

    Traffic(SSLContext tls, int port) {
      this.tls = tls;
      this.port = port;
    }

    @Override
    public void run() {
      long i = 0;
      while (!stop.get()) {
        try (TextClient c = loggedIn(tls, port, "memkube old")) {
          connections.incrementAndGet();
          for (int n = 0; n < 20 && !stop.get(); n++, i++) {
            String stored = c.line("set r" + i + " 0 0 1\r\nx\r\n");
            String got = c.until("get r" + i + "\r\n", "END");
            requests.addAndGet(2);
            if (!stored.equals("STORED") || !got.equals("VALUE r" + i + " 0 1\r\nx\r\nEND\r\n")) {
              fail(stored + " / " + got);
            }
          }
        } catch (IOException | RuntimeException e) {
          fail(e.toString());
        }
      }
    }

    private void fail(String what) {
      failures.incrementAndGet();
      firstFailure.compareAndSet(null, what);
    }
  }

  private static void publish(SecretVolume secret, Path crt, Path key, Path ca, String users)
      throws IOException {
    secret.publish(
        Map.of(
            "tls.crt", Files.readAllBytes(crt),
            "tls.key", Files.readAllBytes(key),
            "ca.crt", Files.readAllBytes(ca),
            "users", users.getBytes(StandardCharsets.US_ASCII)));
  }

  /** A new TLS connection, logged in with {@code "user password"}. */
  private static TextClient loggedIn(SSLContext tls, int port, String login) throws IOException {
    TextClient c = new TextClient(handshake(tls, port));
    String answer = c.line("set auth 0 0 " + login.length() + "\r\n" + login + "\r\n");
    if (!answer.equals("STORED")) {
      c.close();
      throw new IOException("login " + login + ": " + answer);
    }
    return c;
  }

  // the connection is only opened to see that the login succeeds, then closed
  @SuppressWarnings("try")
  private static boolean logsIn(SSLContext tls, int port, String login) {
    try (TextClient c = loggedIn(tls, port, login)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static SSLSocket handshake(SSLContext tls, int port) throws IOException {
    SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
    s.setSoTimeout(5000);
    s.startHandshake();
    return s;
  }

  /** The certificate a new connection is shown, base64 of its DER. */
  private static String presented(SSLContext tls, int port) {
    try (SSLSocket s = handshake(tls, port)) {
      return Base64.getEncoder()
          .encodeToString(s.getSession().getPeerCertificates()[0].getEncoded());
    } catch (Exception e) {
      return "<" + e + ">";
    }
  }

  /** The cache server's {@code /metrics}, or what went wrong. */
  private static String metrics(int healthPort) {
    try (var in =
        new java.net.URI("http://127.0.0.1:" + healthPort + "/metrics").toURL().openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (Exception e) {
      return e.toString();
    }
  }

  private static String body(Path pem) throws Exception {
    return Base64.getEncoder().encodeToString(TestCertificates.certificate(pem).getEncoded());
  }

  private static long stat(TextClient c, String name) {
    try {
      String all = c.until("stats\r\n", "END");
      Matcher m = Pattern.compile("STAT " + name + " (\\d+)").matcher(all);
      return m.find() ? Long.parseLong(m.group(1)) : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  /** pymemcache over TLS ({@code pymemcache_tls.py}): "ok CERT" or what went wrong. */
  static String pymemcache(int port, Path ca, String user, String password) throws Exception {
    Path script = Path.of(SecretRotationTest.class.getResource("pymemcache_tls.py").toURI());
    Process p =
        new ProcessBuilder(
                // Debian's python3, whose packages bin/lib/env.sh installs (not a python3 earlier
                // on PATH)
                "/usr/bin/python3",
                script.toString(),
                Integer.toString(port),
                ca.toString(),
                user,
                password)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    if (out.contains("No module named 'pymemcache'")) {
      throw new IllegalStateException(
          "install the Debian package python3-pymemcache (bin/lib/env.sh does): " + out);
    }
    return out;
  }

  /** The ElastiCache cluster client over TLS ({@code ElastiCacheTlsClient.java}): "ok VALUE". */
  static String elastiCache(int port, Path ca, String login) throws Exception {
    Path jar = Path.of(System.getProperty("memkube.elasticacheClientJar"));
    assertTrue(
        Files.isRegularFile(jar), jar + " (proxy/pom.xml copies it): run the tests by Maven");
    Path source =
        Path.of(SecretRotationTest.class.getResource("ElastiCacheTlsClient.java").toURI());
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                jar.toString(),
                source.toString(),
                Integer.toString(port),
                ca.toString(),
                login)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    // the client logs its connections on the same output: the answer is the line "ok ..."
    return out.lines().filter(l -> l.startsWith("ok ")).findFirst().orElse(out);
  }

  private static void awaitTrue(BooleanSupplier check, String what, ProxyProcess proxy)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (check.getAsBoolean()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("not within 20 s: " + what + "\n" + proxy.output());
  }
}
