package io.memkube.e2e.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheAppTest {

  @Test
  void writeStoresEveryKeyThroughTheHostNodeNameNames() throws Exception {
    try (FakeTextServer server = new FakeTextServer()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int exit =
          CacheApp.run(
              new String[] {"write", "app", "50"},
              Map.of("NODE_NAME", "127.0.0.1", "MEMCACHED_PORT", String.valueOf(server.port())),
              new PrintStream(out, true, StandardCharsets.UTF_8));
      assertEquals(0, exit, out.toString(StandardCharsets.UTF_8));
      assertEquals(50, server.items.size());
      assertEquals("value-49", server.items.get("app-49"));
      assertTrue(out.toString(StandardCharsets.UTF_8).contains("stored 50 of 50, read back 50"));
    }
  }

  @Test
  void refusedSetsFailTheRun() throws Exception {
    try (FakeTextServer server = new FakeTextServer()) {
      server.refuseSets = true;
      int exit =
          CacheApp.run(
              new String[] {"write", "app", "3"},
              Map.of("NODE_NAME", "127.0.0.1", "MEMCACHED_PORT", String.valueOf(server.port())),
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      assertEquals(1, exit);
    }
  }

  @Test
  void withoutNodeNameItSaysWhatIsMissing() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit =
        CacheApp.run(
            new String[] {"write", "app", "3"},
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8));
    assertEquals(2, exit);
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("NODE_NAME is not set"));
  }
}
