package io.memkube.proxy.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.proxy.RunningProxy;
import io.memkube.proxy.testing.MemcachedProcess;
import io.memkube.proxy.testing.ProxyFixture;
import io.memkube.proxy.testing.TextClient;
import org.junit.jupiter.api.Test;

/**
 * Servers named by host name are resolved without blocking; a name that does not resolve is down.
 */
class NameResolutionTest {

  @Test
  void resolvesHostNamesAndMarksUnresolvableOnesDown() throws Exception {
    try (MemcachedProcess m = MemcachedProcess.start();
        RunningProxy p =
            ProxyFixture.start(
                "{\"pools\": {\"A\": {\"servers\": [\"localhost:"
                    + m.port()
                    + "\"]},"
                    + " \"B\": {\"servers\": [\"no-such-host.invalid:11211\"]}},"
                    + " \"route\": {\"type\": \"OperationSelectorRoute\","
                    + " \"operation_policies\": {\"delete\": \"PoolRoute|B\"},"
                    + " \"default_policy\": \"PoolRoute|A\"}}");
        TextClient c = new TextClient(p.port())) {
      assertEquals("STORED", c.line("set named 0 0 1\r\nv\r\n"));
      assertEquals("VALUE named 0 1\r\nv\r\nEND\r\n", c.until("get named\r\n", "END"));
      String reply = c.line("delete named\r\n");
      assertTrue(reply.startsWith("SERVER_ERROR Server unavailable"), reply);
      // the unresolvable server did not hold up the other one on the same thread
      assertEquals("VALUE named 0 1\r\nv\r\nEND\r\n", c.until("get named\r\n", "END"));
    }
  }
}
