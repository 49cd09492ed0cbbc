package io.memkube.proxy.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.proxy.testing.MemcachedProcess;
import io.memkube.proxy.testing.ProxyProcess;
import io.memkube.proxy.testing.TextClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy logs in to Debian's memcached started with {@code -Y} (real processes): a pool's {@code
 * credentials_file} that the server refuses marks the server down with a log line naming the pool,
 * counts the refusal and sends the server nothing but logins; once the file is fixed the watch
 * reloads it, the prober logs in with it and the server takes traffic again, with no signal and no
 * restart.
 */
class ServerLoginTest {
  @TempDir Path dir;

  @Test
  void aRefusedLoginSendsNothingAndAFixedCredentialsFileBringsTheServerBack() throws Exception {
    Path users = Files.writeString(dir.resolve("users"), "memkube:right\n");
    Path credentials = Files.writeString(dir.resolve("credentials"), "memkube:wrong\n");
    try (MemcachedProcess memcached = MemcachedProcess.start(32, "-Y", users.toString())) {
      String config =
          "{\"pools\": {\"A\": {\"servers\": [\""
              + memcached.address()
              + "\"], \"credentials_file\": \""
              + credentials
              + "\"}}, \"route\": \"PoolRoute|A\"}";
      try (ProxyProcess proxy = ProxyProcess.start(config, "--watch-files-interval", "1");
          TextClient client = new TextClient(proxy.port())) {
        String refused = client.line("set k 0 0 1\r\nv\r\n");
        assertTrue(refused.startsWith("SERVER_ERROR"), refused);
        assertTrue(stat(client, "server_auth_failures") >= 1);
        assertTrue(
            proxy
                .output()
                .contains(
                    "of pool A refused the proxy's login as user memkube from credentials file "
                        + credentials
                        + ": CLIENT_ERROR authentication failure"),
            proxy.output());
        TextClient direct = new TextClient(memcached.port());
        assertEquals("STORED", direct.line("set x 0 0 13\r\nmemkube right\r\n"));
        assertEquals(0, stat(direct, "cmd_set"), "nothing but logins reached the server");
        assertEquals(0, stat(direct, "cmd_get"));
        assertEquals("STORED", direct.line("set doomed 0 0 1\r\nv\r\n"));
        // the server is down for the proxy: the delete is spooled for it
        assertEquals("NOT_FOUND", client.line("delete doomed\r\n"));

        // as the kubelet updates a Secret: the new content appears at once, never half written
        Path next = Files.writeString(dir.resolve("credentials.new"), "memkube:right\n");
        Files.move(next, credentials, StandardCopyOption.ATOMIC_MOVE);
        String stored = "";
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!stored.equals("STORED") && System.nanoTime() < deadline) {
          Thread.sleep(200);
          stored = client.line("set k 0 0 1\r\nv\r\n");
        }
        assertEquals("STORED", stored, proxy.output());
        assertEquals("VALUE k 0 1\r\nv\r\nEND\r\n", client.until("get k\r\n", "END"));
        assertTrue(stat(client, "file_reloads") >= 1);
        assertEquals(1, stat(client, "asynclog_delivered"), "delivered over a logged-in socket");
        assertEquals("END", direct.line("get doomed\r\n"));
        direct.close();
        assertTrue(proxy.output().contains("changed on disk: reloaded (user memkube)"));
      }
    }
  }

  static long stat(TextClient c, String name) throws Exception {
    String all = c.until("stats\r\n", "END");
    Matcher m = Pattern.compile("STAT " + name + " (\\d+)").matcher(all);
    assertTrue(m.find(), name + " in " + all);
    return Long.parseLong(m.group(1));
  }
}
