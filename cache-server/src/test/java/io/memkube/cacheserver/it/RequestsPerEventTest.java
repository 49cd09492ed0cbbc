package io.memkube.cacheserver.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.cacheserver.cli.Main;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * memcached's {@code -R}: a connection yields after that many requests of one read, its other
 * requests are still all answered in order, and each yield counts in {@code conn_yields}.
 */
class RequestsPerEventTest {
  private static long connYields(WireClient c) throws Exception {
    c.send("stats\r\n");
    Matcher m = Pattern.compile("STAT conn_yields (\\d+)").matcher(c.readText("END\r\n"));
    assertTrue(m.find());
    return Long.parseLong(m.group(1));
  }

  @Test
  void pipelinedRequestsBeyondTheLimitAreAnsweredInOrderAfterYields() throws Exception {
    try (InProcessServer server =
            InProcessServer.start(Main.settingsFor("-l", "127.0.0.1", "-p", "-1", "-R", "1"));
        WireClient c = new WireClient(server.port)) {
      StringBuilder six = new StringBuilder();
      for (int i = 0; i < 6; i++) {
        six.append("set k").append(i).append(" 0 0 1\r\n").append(i).append("\r\n");
      }
      six.append("get k0 k5\r\n");
      c.send(six.toString());
      assertEquals(
          "STORED\r\n".repeat(6) + "VALUE k0 0 1\r\n0\r\nVALUE k5 0 1\r\n5\r\nEND\r\n",
          c.readText("END\r\n"));
      assertTrue(connYields(c) >= 5, "one yield after each request of the read but the last");
    }
  }

  @Test
  void underTheDefaultLimitOfTwentyAShortPipelineDoesNotYield() throws Exception {
    try (InProcessServer server =
            InProcessServer.start(Main.settingsFor("-l", "127.0.0.1", "-p", "-1"));
        WireClient c = new WireClient(server.port)) {
      c.send("get a\r\n".repeat(10));
      assertEquals("END\r\n".repeat(10), c.readText("END\r\n".repeat(10)));
      assertEquals(0, connYields(c));
    }
  }
}
