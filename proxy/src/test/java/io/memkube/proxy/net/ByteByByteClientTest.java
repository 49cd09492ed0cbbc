package io.memkube.proxy.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memkube.proxy.RunningProxy;
import io.memkube.proxy.testing.FreePorts;
import io.memkube.proxy.testing.ProxyFixture;
import io.memkube.proxy.testing.TextClient;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Commands split at every byte still get their replies, and a server reached over IPv6 ({@code
 * [::1]:port}) serves them.
 */
class ByteByByteClientTest {

  @Test
  void commandsArrivingOneByteAtATimeOverIpv6AreAnsweredInOrder() throws Exception {
    int port = FreePorts.next();
    Process memcached =
        new ProcessBuilder(
                "/usr/bin/memcached",
                "-p",
                Integer.toString(port),
                "-l",
                "::1",
                "-U",
                "0",
                "-u",
                "root")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    Runtime.getRuntime().addShutdownHook(new Thread(memcached::destroyForcibly));
    try {
      awaitVersion(port);
      try (RunningProxy p =
              ProxyFixture.start(
                  "{\"pools\": {\"A\": {\"servers\": [\"[::1]:"
                      + port
                      + "\"]}},"
                      + " \"route\": \"PoolRoute|A\"}");
          TextClient c = new TextClient(p.port())) {
        String pipeline =
            "set a 1 0 5\r\nhello\r\nget a b\r\nms m 2\r\nhi\r\nmg m v\r\ndelete a\r\nget a\r\n";
        for (char ch : pipeline.toCharArray()) {
          c.send(String.valueOf(ch));
          Thread.sleep(1);
        }
        assertEquals("STORED", c.readLine());
        assertEquals("VALUE a 1 5", c.readLine());
        assertEquals("hello", c.readLine());
        assertEquals("END", c.readLine());
        assertEquals("HD", c.readLine());
        assertEquals("VA 2", c.readLine());
        assertEquals("hi", c.readLine());
        assertEquals("DELETED", c.readLine());
        assertEquals("END", c.readLine());
      }
    } finally {
      memcached.destroyForcibly();
      memcached.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static void awaitVersion(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (java.net.Socket s = new java.net.Socket()) {
        s.connect(new java.net.InetSocketAddress("::1", port), 200);
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(20);
      }
    }
  }
}
