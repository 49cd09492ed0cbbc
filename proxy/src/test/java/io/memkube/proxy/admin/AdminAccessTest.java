package io.memkube.proxy.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.protocol.reply.ReplyKind;
import io.memkube.proxy.RunningProxy;
import io.memkube.proxy.testing.ProxyFixture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code --admin-keys-from}: by default only clients on the proxy's host read the config, its file,
 * the options and route queries; the digest, age, version and host id stay open to all.
 */
class AdminAccessTest {
  private static final InetSocketAddress REMOTE = new InetSocketAddress("192.0.2.7", 40000);
  private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 40000);

  @Test
  void loopbackIsTheDefaultAndKeepsTheConfigFromRemoteClients() throws Exception {
    try (RunningProxy proxy =
        ProxyFixture.start(
            "{\"pools\": {\"A\": {\"servers\": [\"127.0.0.1:1\"]}},"
                + " \"route\": \"PoolRoute|A\"}")) {
      assertEquals(AdminAccess.LOOPBACK, proxy.state().options().adminAccess());
      AdminCommands admin = new AdminCommands(proxy.state());
      for (String hidden : new String[] {"config", "config_file", "options", "route(get,k)"}) {
        assertTrue(
            admin.get(key(hidden), REMOTE).kind() == ReplyKind.MISS,
            hidden + " from a remote client");
        assertFalse(
            admin.get(key(hidden), LOCAL).kind() == ReplyKind.MISS, hidden + " from loopback");
      }
      for (String open : new String[] {"version", "config_md5_digest", "config_age", "hostid"}) {
        assertFalse(
            admin.get(key(open), REMOTE).kind() == ReplyKind.MISS, open + " from a remote client");
      }
    }
  }

  @Test
  void allAndNone() {
    assertTrue(AdminAccess.ALL.allows("config", REMOTE));
    assertFalse(AdminAccess.NONE.allows("config", LOCAL));
    assertTrue(AdminAccess.NONE.allows("config_md5_digest", REMOTE));
    assertEquals(AdminAccess.NONE, AdminAccess.parse("none"));
    assertThrows(IllegalArgumentException.class, () -> AdminAccess.parse("everyone"));
  }

  private static byte[] key(String what) {
    return (AdminCommands.KEY_PREFIX + what).getBytes(StandardCharsets.UTF_8);
  }
}
