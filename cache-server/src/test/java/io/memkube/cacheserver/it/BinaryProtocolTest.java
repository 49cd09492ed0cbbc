package io.memkube.cacheserver.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.cacheserver.config.BindingProtocol;
import io.memkube.cacheserver.config.ServerSettings;
import io.memkube.cacheserver.config.Tuning;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.command.BinaryCommandFactory;
import net.spy.memcached.CASResponse;
import net.spy.memcached.CASValue;
import net.spy.memcached.ConnectionFactoryBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * memcached's binary protocol on the default {@code -B auto}: the two common Java clients in their
 * binary modes, and raw frames for what they do not show (quiet opcodes, opaque, limits).
 */
class BinaryProtocolTest {
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
  void spymemcachedInBinaryModeStoresRetrievesCountsAndHonoursCas() throws Exception {
    net.spy.memcached.MemcachedClient c =
        new net.spy.memcached.MemcachedClient(
            new ConnectionFactoryBuilder()
                .setProtocol(ConnectionFactoryBuilder.Protocol.BINARY)
                .setOpTimeout(5000)
                .build(),
            List.of(new InetSocketAddress("127.0.0.1", server.port)));
    try {
      assertTrue(c.set("sb:str", 0, "value").get(5, TimeUnit.SECONDS));
      assertEquals("value", c.get("sb:str"));
      assertFalse(c.add("sb:str", 0, "again").get(5, TimeUnit.SECONDS));
      assertTrue(c.replace("sb:str", 0, "world").get(5, TimeUnit.SECONDS));
      assertFalse(c.replace("sb:none", 0, "x").get(5, TimeUnit.SECONDS));
      CASValue<Object> cv = c.gets("sb:str");
      assertTrue(c.append(cv.getCas(), "sb:str", "!").get(5, TimeUnit.SECONDS));
      assertTrue(c.prepend(0, "sb:str", "<").get(5, TimeUnit.SECONDS));
      assertEquals("<world!", c.get("sb:str"));
      cv = c.gets("sb:str");
      assertEquals(CASResponse.OK, c.cas("sb:str", cv.getCas(), "next"));
      assertEquals(CASResponse.EXISTS, c.cas("sb:str", cv.getCas(), "late"));
      assertEquals(CASResponse.NOT_FOUND, c.cas("sb:none", 1, "x"));
      assertEquals(7, c.incr("sb:n", 2, 7));
      assertEquals(9, c.incr("sb:n", 2));
      assertEquals(4, c.decr("sb:n", 5));
      assertEquals(-1, c.incr("sb:none", 1));
      Map<String, Object> bulk = c.getBulk("sb:str", "sb:n", "sb:none");
      assertEquals(Map.of("sb:str", "next", "sb:n", "4"), bulk);
      assertTrue(c.touch("sb:str", 100).get(5, TimeUnit.SECONDS));
      assertEquals("next", c.getAndTouch("sb:str", 100).getValue());
      assertTrue(c.delete("sb:str").get(5, TimeUnit.SECONDS));
      assertFalse(c.delete("sb:str").get(5, TimeUnit.SECONDS));
      assertNull(c.get("sb:str"));
      String big = "v".repeat(500_000);
      assertTrue(c.set("sb:big", 0, big).get(5, TimeUnit.SECONDS));
      assertEquals(big, c.get("sb:big"));
      byte[] tooLarge = new byte[2 << 20];
      new java.util.Random(1).nextBytes(tooLarge); // the client would compress a repetition
      assertFalse(c.set("sb:big", 0, tooLarge).get(5, TimeUnit.SECONDS));
      assertNull(c.get("sb:big"), "a refused set leaves no stale value, as in memcached");
      Map<String, String> stats = c.getStats().values().iterator().next();
      assertEquals("67108864", stats.get("limit_maxbytes"));
      assertEquals(
          "auto-negotiate",
          c.getStats("settings").values().iterator().next().get("binding_protocol"));
      assertEquals(ServerSettings.VERSION, c.getVersions().values().iterator().next());
      assertTrue(c.flush().get(5, TimeUnit.SECONDS));
      assertNull(c.get("sb:n"));
    } finally {
      c.shutdown(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void xmemcachedInBinaryModeStoresRetrievesAndCreatesCountersWithTheirInitialValue()
      throws Exception {
    XMemcachedClientBuilder b =
        new XMemcachedClientBuilder(List.of(new InetSocketAddress("127.0.0.1", server.port)));
    b.setCommandFactory(new BinaryCommandFactory());
    b.setConnectTimeout(5000);
    MemcachedClient c = b.build();
    try {
      c.setOpTimeout(5000);
      byte[] binary = new byte[512];
      for (int i = 0; i < binary.length; i++) {
        binary[i] = (byte) i;
      }
      assertTrue(c.set("xb:bin", 0, binary));
      assertArrayEquals(binary, (byte[]) c.get("xb:bin"));
      assertEquals(10, c.incr("xb:n", 5, 10));
      assertEquals(15, c.incr("xb:n", 5));
      assertEquals(0, c.decr("xb:n", 100));
      assertEquals(2, c.get(List.of("xb:bin", "xb:n", "xb:none")).size());
      assertTrue(c.delete("xb:bin"));
      assertNull(c.get("xb:bin"));
    } finally {
      c.shutdown();
    }
  }

  // ---- raw frames ----

  /** A binary-protocol socket that sends requests and reads responses. */
  private static final class Frames implements AutoCloseable {
    final Socket socket;
    final DataInputStream in;
    final OutputStream out;

    Frames(int port) throws IOException {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(5000);
      in = new DataInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    }

    void send(int opcode, String key, byte[] extras, byte[] value, int opaque) throws IOException {
      out.write(frame(opcode, key, extras, value, opaque));
      out.flush();
    }

    /** Reads one response: status, opaque, and the body as text. */
    String[] read() throws IOException {
      byte[] h = new byte[24];
      in.readFully(h);
      ByteBuffer hb = ByteBuffer.wrap(h);
      assertEquals((byte) 0x81, hb.get(0));
      byte[] body = new byte[hb.getInt(8)];
      in.readFully(body);
      return new String[] {
        "0x" + Integer.toHexString(hb.getShort(6)),
        Integer.toString(hb.getInt(12)),
        new String(body, StandardCharsets.ISO_8859_1)
      };
    }

    boolean closedByPeer() throws IOException {
      try {
        return in.read() < 0;
      } catch (EOFException e) {
        return true;
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private static final byte[] NONE = new byte[0];

  private static byte[] setExtras(int flags) {
    return ByteBuffer.allocate(8).putInt(flags).putInt(0).array();
  }

  private static byte[] frame(int opcode, String key, byte[] extras, byte[] value, int opaque) {
    byte[] k = key.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer b = ByteBuffer.allocate(24 + extras.length + k.length + value.length);
    b.put((byte) 0x80).put((byte) opcode).putShort((short) k.length).put((byte) extras.length);
    b.put((byte) 0).putShort((short) 0).putInt(extras.length + k.length + value.length);
    b.putInt(opaque).putLong(0).put(extras).put(k).put(value);
    return b.array();
  }

  @Test
  void aClientThatPipelinesBigGetsAndNeverReadsIsNoLongerReadAndOthersAreServed() throws Exception {
    String key = "bp:" + "k".repeat(247); // long requests, so the kernel's buffers cannot hold them
    try (Frames f = new Frames(server.port)) {
      f.send(0x01, key, setExtras(0), new byte[500_000], 1);
      assertEquals("0x0", f.read()[0]);
    }
    byte[] get = frame(0x00, key, NONE, NONE, 2);
    int requests = 100_000; // 27 MB of requests, 50 GB of replies if they were all answered
    ByteBuffer all = ByteBuffer.allocate(get.length * requests);
    for (int i = 0; i < requests; i++) {
      all.put(get);
    }
    all.flip();
    try (java.nio.channels.SocketChannel slow =
        java.nio.channels.SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port))) {
      slow.configureBlocking(false);
      // the replies the server holds are in Netty's allocator (the cache's pages are not)
      io.netty.buffer.ByteBufAllocatorMetric memory =
          ((io.netty.buffer.ByteBufAllocatorMetricProvider)
                  io.netty.buffer.ByteBufAllocator.DEFAULT)
              .metric();
      long held = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      while (all.hasRemaining() && System.nanoTime() < deadline) {
        if (slow.write(all) == 0) {
          Thread.sleep(10);
        }
        held = Math.max(held, memory.usedDirectMemory());
      }
      assertTrue(all.hasRemaining(), "the server stopped reading a client that does not read");
      assertTrue(held < 32 << 20, "replies held for it: " + held + " bytes");
      try (Frames other = new Frames(server.port)) {
        other.send(0x0a, "", NONE, NONE, 3);
        assertArrayEquals(new String[] {"0x0", "3", ""}, other.read());
      }
    }
  }

  @Test
  void aHalfClosedClientGetsEveryResponseThenTheClose() throws Exception {
    try (Frames f = new Frames(server.port)) {
      f.send(0x01, "hc:k", setExtras(0), new byte[300_000], 1);
      for (int i = 0; i < 10; i++) {
        f.send(0x00, "hc:k", NONE, NONE, 100 + i);
      }
      f.socket.shutdownOutput();
      assertEquals("1", f.read()[1]);
      for (int i = 0; i < 10; i++) {
        String[] r = f.read();
        assertEquals(Integer.toString(100 + i), r[1]);
        assertEquals(4 + 300_000, r[2].length());
      }
      assertTrue(f.closedByPeer());
    }
  }

  @Test
  void quietOpcodesAnswerOnlyWhatMemcachedAnswersAndEchoTheOpaque() throws Exception {
    try (Frames f = new Frames(server.port)) {
      f.send(0x11, "q:set", setExtras(3), "v".getBytes(), 1); // SETQ: stored, no reply
      f.send(0x09, "q:none", NONE, NONE, 2); // GETQ miss: no reply
      f.send(0x09, "q:set", NONE, NONE, 3); // GETQ hit: a reply
      f.send(0x12, "q:set", setExtras(0), "w".getBytes(), 4); // ADDQ fails: errors always go
      f.send(0x0a, "", NONE, NONE, 5); // NOOP
      assertArrayEquals(new String[] {"0x0", "3", "\0\0\0\3v"}, f.read());
      assertArrayEquals(new String[] {"0x2", "4", "Data exists for key."}, f.read());
      assertArrayEquals(new String[] {"0x0", "5", ""}, f.read());
    }
  }

  @Test
  void anUnknownOpcodeGetsUnknownCommandAndTheConnectionGoesOn() throws Exception {
    try (Frames f = new Frames(server.port)) {
      f.send(0x20, "", NONE, NONE, 9); // SASL list mechanisms: memcached without -S
      assertArrayEquals(new String[] {"0x81", "9", "Unknown command"}, f.read());
      f.send(0x0a, "", NONE, NONE, 10);
      assertArrayEquals(new String[] {"0x0", "10", ""}, f.read());
    }
  }

  @Test
  void lengthsThatDoNotFitTheCommandGetInvalidArgumentsAndClose() throws Exception {
    try (Frames f = new Frames(server.port)) {
      f.send(0x00, "k", new byte[4], NONE, 11); // GET with extras
      assertArrayEquals(new String[] {"0x4", "11", "Invalid arguments"}, f.read());
      assertTrue(f.closedByPeer());
    }
  }

  @Test
  void quitAnswersThenClosesAndQuietQuitClosesWithoutAWord() throws Exception {
    try (Frames f = new Frames(server.port)) {
      f.send(0x07, "", NONE, NONE, 12);
      assertArrayEquals(new String[] {"0x0", "12", ""}, f.read());
      assertTrue(f.closedByPeer());
    }
    try (Frames f = new Frames(server.port)) {
      f.send(0x17, "", NONE, NONE, 13);
      assertTrue(f.closedByPeer());
    }
  }

  @Test
  void binaryAndTextClientsShareTheCache() throws Exception {
    try (Frames f = new Frames(server.port);
        WireClient text = new WireClient(server.port)) {
      f.send(0x01, "shared", setExtras(7), "from-binary".getBytes(), 1);
      assertEquals("0x0", f.read()[0]);
      text.send("get shared\r\n");
      assertEquals("VALUE shared 7 11\r\nfrom-binary\r\nEND\r\n", text.readText("END\r\n"));
    }
  }

  @Test
  void forcedProtocolsSpeakOnlyTheirOwn() throws Exception {
    try (InProcessServer binary = withProtocol(BindingProtocol.BINARY);
        Frames f = new Frames(binary.port);
        WireClient text = new WireClient(binary.port)) {
      f.send(0x0a, "", NONE, NONE, 1);
      assertEquals("1", f.read()[1]);
      text.send("version\r\n");
      assertEquals("", text.readText("\r\n"), "memcached -B binary closes a text client");
    }
    try (InProcessServer ascii = withProtocol(BindingProtocol.ASCII);
        Frames f = new Frames(ascii.port)) {
      f.send(0x0a, "", NONE, NONE, 1);
      f.out.write("\r\n".getBytes());
      f.out.flush();
      byte[] reply = new byte[5];
      f.in.readFully(reply);
      assertEquals("ERROR", new String(reply, StandardCharsets.US_ASCII));
    }
  }

  private static InProcessServer withProtocol(BindingProtocol p) throws InterruptedException {
    return InProcessServer.start(
        new ServerSettings(
            0,
            "127.0.0.1",
            64L << 20,
            1024,
            1,
            1 << 20,
            0,
            false,
            1024,
            true,
            Tuning.defaults().bindingProtocol(p)));
  }
}
