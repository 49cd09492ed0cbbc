package io.memkube.e2e.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TextProtocolConnectionTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @Test
  void storedValueIsReadBack() throws Exception {
    try (FakeTextServer server = new FakeTextServer();
        TextProtocolConnection c =
            TextProtocolConnection.open("127.0.0.1", server.port(), TIMEOUT)) {
      assertTrue(c.set("k", "a value"));
      assertEquals(Optional.of("a value"), c.get("k"));
    }
  }

  @Test
  void missIsEmpty() throws Exception {
    try (FakeTextServer server = new FakeTextServer();
        TextProtocolConnection c =
            TextProtocolConnection.open("127.0.0.1", server.port(), TIMEOUT)) {
      assertEquals(Optional.empty(), c.get("absent"));
    }
  }

  @Test
  void serverErrorMeansNotStored() throws Exception {
    try (FakeTextServer server = new FakeTextServer();
        TextProtocolConnection c =
            TextProtocolConnection.open("127.0.0.1", server.port(), TIMEOUT)) {
      server.refuseSets = true;
      assertFalse(c.set("k", "v"));
      assertEquals(Optional.of("1.6.99"), Optional.of(c.version()));
    }
  }
}
