package io.memkube.cacheserver.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.cacheserver.cli.Main;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code -U}: requests in datagrams with memcached's 8-byte frame header; each request's reply
 * comes back in datagrams of at most 1400 bytes that carry the request id, their sequence number
 * and their count.
 */
class UdpTransportTest {
  private static InProcessServer server;
  private static int udpPort;

  @BeforeAll
  static void start() throws Exception {
    try (DatagramSocket probe = new DatagramSocket(0)) {
      udpPort = probe.getLocalPort();
    }
    server =
        InProcessServer.start(Main.settingsFor("-l", "127.0.0.1", "-U", Integer.toString(udpPort)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Sends one request datagram and collects reply datagrams until none comes for 500 ms. */
  private static List<byte[]> exchange(DatagramSocket s, int requestId, int count, String payload)
      throws Exception {
    byte[] body = payload.getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer d = ByteBuffer.allocate(8 + body.length);
    d.putShort((short) requestId).putShort((short) 0).putShort((short) count).putShort((short) 0);
    d.put(body);
    s.send(
        new DatagramPacket(d.array(), d.capacity(), new InetSocketAddress("127.0.0.1", udpPort)));
    List<byte[]> replies = new ArrayList<>();
    s.setSoTimeout(2_000);
    while (true) {
      DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
      try {
        s.receive(p);
      } catch (SocketTimeoutException e) {
        return replies;
      }
      byte[] b = new byte[p.getLength()];
      System.arraycopy(p.getData(), 0, b, 0, b.length);
      replies.add(b);
      s.setSoTimeout(500);
    }
  }

  private static String body(byte[] datagram) {
    return new String(datagram, 8, datagram.length - 8, StandardCharsets.ISO_8859_1);
  }

  @Test
  void eachRequestOfADatagramIsAnsweredUnderItsRequestId() throws Exception {
    try (DatagramSocket s = new DatagramSocket()) {
      List<byte[]> r = exchange(s, 7, 1, "set u 0 0 1\r\nx\r\nget u\r\nbogus\r\nget cut");
      assertEquals(3, r.size(), "the request cut off by the datagram's end has no reply");
      assertEquals("STORED\r\n", body(r.get(0)));
      assertEquals("VALUE u 0 1\r\nx\r\nEND\r\n", body(r.get(1)));
      assertEquals("ERROR\r\n", body(r.get(2)));
      ByteBuffer h = ByteBuffer.wrap(r.get(1));
      assertEquals(7, h.getShort());
      assertEquals(0, h.getShort());
      assertEquals(1, h.getShort());
      assertEquals(0, h.getShort());
    }
  }

  @Test
  void aLargeReplyComesInNumberedDatagramsOfAtMost1400Bytes() throws Exception {
    String value = "v".repeat(20_000);
    try (DatagramSocket s = new DatagramSocket()) {
      assertEquals(
          "STORED\r\n", body(exchange(s, 1, 1, "set big 0 0 20000\r\n" + value + "\r\n").get(0)));
      List<byte[]> r = exchange(s, 53, 1, "get big\r\n");
      assertTrue(r.size() > 10, "" + r.size());
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      for (byte[] d : r) {
        assertTrue(d.length <= 1400);
        ByteBuffer h = ByteBuffer.wrap(d);
        assertEquals(53, h.getShort());
        int seq = h.getShort();
        assertEquals(r.size(), h.getShort());
        assertEquals(all.size() == 0 ? 0 : seq, seq);
        all.write(d, 8, d.length - 8);
      }
      assertEquals(
          "VALUE big 0 20000\r\n" + value + "\r\nEND\r\n",
          all.toString(StandardCharsets.ISO_8859_1));
    }
  }

  @Test
  void aRequestSpanningSeveralDatagramsIsDropped() throws Exception {
    try (DatagramSocket s = new DatagramSocket()) {
      assertEquals(0, exchange(s, 8, 2, "get u\r\n").size());
    }
  }

  @Test
  void statsConnsListsTheUdpSocket() throws Exception {
    try (WireClient c = new WireClient(server.port)) {
      c.send("stats conns\r\n");
      String stats = WireClient.text(c.readUntil(WireClient.bytes("END\r\n"), 5_000));
      assertTrue(stats.contains(":UDP UDP\r\n"), stats);
      assertTrue(stats.contains(":addr udp:127.0.0.1:" + udpPort + "\r\n"), stats);
    }
  }

  /** A binary request: magic, opcode, key length, extras length, body length, opaque. */
  private static String binaryRequest(int opcode, String extras, String key, String value) {
    ByteBuffer h = ByteBuffer.allocate(24);
    h.put((byte) 0x80).put((byte) opcode).putShort((short) key.length());
    h.put((byte) extras.length()).put((byte) 0).putShort((short) 0);
    h.putInt(extras.length() + key.length() + value.length()).putInt(0x01020304).putLong(0);
    return new String(h.array(), StandardCharsets.ISO_8859_1) + extras + key + value;
  }

  @Test
  void aDatagramOfBinaryRequestsIsAnsweredInBinary() throws Exception {
    String flagsAndExptime = "\0\0\0\0\0\0\0\0";
    try (DatagramSocket s = new DatagramSocket()) {
      List<byte[]> r =
          exchange(
              s,
              45,
              1,
              binaryRequest(0x01, flagsAndExptime, "bin", "abcd".repeat(1024))
                  + binaryRequest(0x00, "", "bin", "")
                  + binaryRequest(0x00, "", "missing", ""));
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      for (byte[] d : r) {
        assertEquals(45, ByteBuffer.wrap(d).getShort());
        all.write(d, 8, d.length - 8);
      }
      ByteBuffer replies = ByteBuffer.wrap(all.toByteArray());
      // set: no error
      assertEquals((byte) 0x81, replies.get(0));
      assertEquals(0, replies.getShort(6));
      assertEquals(0x01020304, replies.getInt(12));
      replies.position(24 + replies.getInt(8));
      // get: the value after 4 bytes of flags
      assertEquals(0, replies.getShort(replies.position() + 6));
      int body = replies.getInt(replies.position() + 8);
      assertEquals(4 + 4096, body);
      String value =
          new String(
              all.toByteArray(), replies.position() + 24 + 4, 4096, StandardCharsets.ISO_8859_1);
      assertEquals("abcd".repeat(1024), value);
      replies.position(replies.position() + 24 + body);
      // get of a missing key: memcached's "not found" status
      assertEquals(1, replies.getShort(replies.position() + 6));
    }
  }
}
