package io.memkube.proxy.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memkube.proxy.RunningProxy;
import io.memkube.proxy.testing.ProxyFixture;
import io.memkube.proxy.testing.ScriptedServer;
import io.memkube.proxy.testing.TextClient;
import org.junit.jupiter.api.Test;

/** Gets queued for one server together share a get line; each key still has its own reply. */
class RetrievalLineTest {

  private static RunningProxy proxyFor(ScriptedServer s) throws Exception {
    return ProxyFixture.start(
        "{\"pools\": {\"A\": {\"servers\": [\""
            + s.address()
            + "\"]}}, \"route\": \"PoolRoute|A\"}");
  }

  @Test
  void pipelinedGetsGoOutOnOneLineAndAreAnsweredOneByOne() throws Exception {
    try (ScriptedServer s = new ScriptedServer(0);
        RunningProxy p = proxyFor(s);
        TextClient c = new TextClient(p.port())) {
      // queued while the proxy connects to the server, so they leave together
      c.send("get a\r\nget bb\r\nget ccc\r\n");
      assertEquals("VALUE a 0 1\r\na\r\nEND\r\n", c.readUntil("END"));
      assertEquals("VALUE bb 0 2\r\nbb\r\nEND\r\n", c.readUntil("END"));
      assertEquals("VALUE ccc 0 3\r\nccc\r\nEND\r\n", c.readUntil("END"));
      assertEquals(1, s.requests.get());
    }
  }

  @Test
  void anErrorForTheWholeLineAnswersEachOfItsKeysAndTheConnectionStaysInStep() throws Exception {
    try (ScriptedServer s = new ScriptedServer(0);
        RunningProxy p = proxyFor(s);
        TextClient c = new TextClient(p.port())) {
      c.send("get a\r\nget refuse\r\nget c\r\n");
      // miss_on_get_errors: each failed get answers as a miss
      assertEquals("END\r\n", c.readUntil("END"));
      assertEquals("END\r\n", c.readUntil("END"));
      assertEquals("END\r\n", c.readUntil("END"));
      assertEquals(1, s.requests.get());
      assertEquals("VALUE after 0 5\r\nafter\r\nEND\r\n", c.until("get after\r\n", "END"));
    }
  }
}
