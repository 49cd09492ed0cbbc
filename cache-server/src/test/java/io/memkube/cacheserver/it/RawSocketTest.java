package io.memkube.cacheserver.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.cacheserver.config.ServerSettings;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Exact bytes over raw sockets: pipelining, partial reads, split values, limits. */
class RawSocketTest {
  private static InProcessServer server;

  @BeforeAll
  static void start() throws Exception {
    server = InProcessServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    try (WireClient w = new WireClient(server.port)) {
      StringBuilder req = new StringBuilder();
      StringBuilder expected = new StringBuilder();
      for (int i = 0; i < 200; i++) {
        req.append("set p").append(i).append(" 0 0 ").append(("" + i).length()).append("\r\n");
        req.append(i).append("\r\n");
        req.append("get p").append(i).append("\r\n");
        expected.append("STORED\r\nVALUE p").append(i).append(" 0 ");
        expected.append(("" + i).length()).append("\r\n").append(i).append("\r\nEND\r\n");
      }
      req.append("mn\r\n");
      expected.append("MN\r\n");
      w.send(req.toString());
      assertEquals(expected.toString(), w.readText("MN\r\n"));
    }
  }

  @Test
  void requestsSentOneByteAtATimeGetTheSameReplies() throws Exception {
    String req = "set b1 5 0 3\r\nabc\r\nget b1\r\nincr nope 1\r\nmn\r\n";
    try (WireClient w = new WireClient(server.port)) {
      for (byte b : WireClient.bytes(req)) {
        w.send(new byte[] {b});
      }
      assertEquals(
          "STORED\r\nVALUE b1 5 3\r\nabc\r\nEND\r\nNOT_FOUND\r\nMN\r\n", w.readText("MN\r\n"));
    }
  }

  @Test
  void aValueSplitAcrossManySegmentsArrivesWhole() throws Exception {
    byte[] value = new byte[1000 * 1000];
    for (int i = 0; i < value.length; i++) {
      value[i] = (byte) (i * 31);
    }
    try (WireClient w = new WireClient(server.port)) {
      w.send("set split 0 0 " + value.length + "\r\n");
      for (int off = 0; off < value.length; off += 997) {
        w.send(java.util.Arrays.copyOfRange(value, off, Math.min(value.length, off + 997)));
      }
      w.send("\r\n");
      assertEquals("STORED\r\n", w.readText("\r\n"));
      w.send("get split\r\n");
      byte[] reply = w.readUntil(WireClient.bytes("END\r\n"), 5000);
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      expected.write(WireClient.bytes("VALUE split 0 " + value.length + "\r\n"));
      expected.write(value);
      expected.write(WireClient.bytes("\r\nEND\r\n"));
      assertArrayEquals(expected.toByteArray(), reply);
    }
  }

  @Test
  void valuesAreBinarySafe() throws Exception {
    byte[] value = new byte[256 * 4];
    for (int i = 0; i < value.length; i++) {
      value[i] = (byte) i; // includes \0, \r, \n and high bytes
    }
    try (WireClient w = new WireClient(server.port)) {
      ByteArrayOutputStream req = new ByteArrayOutputStream();
      req.write(WireClient.bytes("set bin 0 0 " + value.length + "\r\n"));
      req.write(value);
      req.write(WireClient.bytes("\r\nget bin\r\n"));
      w.send(req.toByteArray());
      byte[] reply = w.readUntil(WireClient.bytes("END\r\n"), 5000);
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      expected.write(WireClient.bytes("STORED\r\nVALUE bin 0 " + value.length + "\r\n"));
      expected.write(value);
      expected.write(WireClient.bytes("\r\nEND\r\n"));
      assertArrayEquals(expected.toByteArray(), reply);
    }
  }

  @Test
  void anUnterminatedLongLineClosesTheConnection() throws Exception {
    try (WireClient w = new WireClient(server.port)) {
      w.send("x".repeat(5000));
      assertEquals("", WireClient.text(w.readUntil(null, 3000)));
      assertTrue(w.closedByPeer());
    }
  }

  @Test
  void quitClosesAfterEarlierReplies() throws Exception {
    try (WireClient w = new WireClient(server.port)) {
      w.send("version\r\nquit\r\nversion\r\n");
      assertEquals(
          "VERSION " + ServerSettings.VERSION + "\r\n", WireClient.text(w.readUntil(null, 3000)));
      assertTrue(w.closedByPeer());
    }
  }

  @Test
  void connectionsOverTheLimitAreRefusedPolitely() throws Exception {
    try (InProcessServer small =
        InProcessServer.start(
            new ServerSettings(0, "127.0.0.1", 8L << 20, 2, 1, 1 << 20, 0, false, 64, true))) {
      List<WireClient> open = new ArrayList<>();
      try {
        for (int i = 0; i < 2; i++) {
          WireClient w = new WireClient(small.port);
          w.send("mn\r\n");
          assertEquals("MN\r\n", w.readText("MN\r\n"));
          open.add(w);
        }
        try (WireClient third = new WireClient(small.port)) {
          assertEquals(
              "ERROR Too many open connections\r\n",
              new String(third.readUntil(null, 3000), StandardCharsets.US_ASCII));
          assertTrue(third.closedByPeer());
        }
      } finally {
        for (WireClient w : open) {
          w.close();
        }
      }
    }
  }

  @Test
  void shutdownCommandStopsTheServerWhenEnabled() throws Exception {
    InProcessServer s =
        InProcessServer.start(
            new ServerSettings(0, "127.0.0.1", 8L << 20, 16, 1, 1 << 20, 0, true, 64, true));
    try (WireClient w = new WireClient(s.port)) {
      w.send("shutdown\r\n");
      w.readUntil(null, 3000);
      assertTrue(w.closedByPeer());
    }
    s.server.awaitStop();
  }
}
