package io.memkube.proxy.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.protocol.auth.Authenticator;
import io.memkube.proxy.RunningProxy;
import io.memkube.proxy.admin.AdminAccess;
import io.memkube.proxy.pool.ConnectionLimits;
import io.memkube.proxy.state.ProxyOptions;
import io.memkube.proxy.testing.MemcachedProcess;
import io.memkube.proxy.testing.ProxyFixture;
import io.memkube.proxy.testing.TextClient;
import io.memkube.proxy.tls.ProxyTls;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --auth-file}: the proxy's own clients log in with memcached's {@code -Y} handshake (the
 * same code as the cache server's, checked against Debian's memcached there) before anything is
 * routed; after the login the session is an ordinary proxied one, to a real memcached.
 */
class ProxyClientAuthTest {
  @TempDir Path dir;

  @Test
  void nothingIsRoutedBeforeALoginAndEverythingAfterIt() throws Exception {
    Path file = Files.writeString(dir.resolve("users"), "app:s3cret\n");
    try (MemcachedProcess memcached = MemcachedProcess.start()) {
      ProxyOptions options =
          new ProxyOptions(
              1024,
              false,
              true,
              ConnectionLimits.defaults(),
              ProxyOptions.DEFAULT_MAX_CLIENT_REPLY_BYTES,
              ProxyTls.none(),
              AdminAccess.LOOPBACK,
              new Authenticator(file));
      String config =
          "{\"pools\": {\"A\": {\"servers\": [\""
              + memcached.address()
              + "\"]}},"
              + " \"route\": \"PoolRoute|A\"}";
      try (RunningProxy proxy = ProxyFixture.start(config, options);
          TextClient c = new TextClient(proxy.port())) {
        assertEquals("CLIENT_ERROR unauthenticated", c.line("get k\r\n"));
        assertEquals("CLIENT_ERROR unauthenticated", c.line("mg k v\r\n"));
        // a set is taken for the login: its value must be "user password"
        c.send("set k 0 0 1\r\n");
        assertEquals("CLIENT_ERROR bad authentication token format", c.line("x\r\n"));
        assertEquals("CLIENT_ERROR authentication failure", c.line("set a 0 0 9\r\napp s3cre\r\n"));
        assertEquals("STORED", c.line("set a 0 0 10\r\napp s3cret\r\n"));
        assertEquals("STORED", c.line("set k 0 0 2\r\nhi\r\n"));
        assertEquals("VALUE k 0 2\r\nhi\r\nEND\r\n", c.until("get k\r\n", "END"));
        String stats = c.until("stats\r\n", "END");
        assertTrue(stats.contains("STAT auth_cmds 2\r\n"), stats);
        assertTrue(stats.contains("STAT auth_errors 1\r\n"), stats);
      }
      // the value went to the server, not to a cache in the proxy
      try (TextClient direct = new TextClient(memcached.port())) {
        assertEquals("VALUE k 0 2\r\nhi\r\nEND\r\n", direct.until("get k\r\n", "END"));
      }
    }
  }
}
