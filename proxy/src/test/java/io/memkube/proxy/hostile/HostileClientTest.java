package io.memkube.proxy.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.proxy.testing.MemcachedProcess;
import io.memkube.proxy.testing.ProxyProcess;
import io.memkube.proxy.testing.TextClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clients that misbehave, against a real proxy process started with the image's JVM options and the
 * pod's memory limit, in front of Debian's memcached: none of them may end the proxy, grow it
 * without bound, get a server marked down, fail another client's requests or turn a timeout into a
 * silent miss.
 */
class HostileClientTest {
  static final int MEGABYTE_VALUE = 1_000_000;
  static final String VALUE = "h".repeat(MEGABYTE_VALUE);
  static final int MANY = 60;

  static MemcachedProcess memcached;
  static ProxyProcess proxy;

  @BeforeAll
  static void start() throws Exception {
    memcached = MemcachedProcess.start(128);
    proxy =
        ProxyProcess.start(
            "{\"pools\": {\"A\": {\"servers\": [\"%s\"]}}, \"route\": \"PoolRoute|A\"}"
                .formatted(memcached.address()));
    try (TextClient c = new TextClient(memcached.port())) {
      for (int i = 0; i < MANY; i++) {
        assertEquals("STORED", c.line(set("big" + i, VALUE)));
      }
    }
  }

  @AfterAll
  static void stop() throws IOException {
    proxy.close();
    memcached.close();
  }

  @Test
  void aClientThatNeverReadsItsLargeRepliesNeitherGrowsTheProxyNorHurtsAnother() throws Exception {
    slowReadersLeaveTheProxyBoundedAndOthersServed(1, 3000, 20);
  }

  @Test
  void manyClientsThatNeverReadTogetherStayWithinTheProxysMemory() throws Exception {
    // 6 x 64 MB (the per-client limit) is more than the direct memory of the pod's JVM: the
    // process-wide limit takes over. Their replies share the server connections with the other
    // client's, in order: 600 MB of them stand between it and its first answers, so it is served
    // later and less than beside one slow reader (with 300 gets each, 1.8 GB, its first answer
    // took from 0.1 to over 4 s on this 2-core machine, depending on its load).
    slowReadersLeaveTheProxyBoundedAndOthersServed(6, 100, 10);
  }

  private void slowReadersLeaveTheProxyBoundedAndOthersServed(
      int attackers, int gets, int servedAtLeast) throws Exception {
    long peak = 0;
    int victimRequests = 0;
    long servedFor = 0;
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < attackers; i++) {
        Socket attacker = new Socket();
        slow.add(attacker);
        attacker.setReceiveBufferSize(4096);
        attacker.connect(new InetSocketAddress("127.0.0.1", proxy.port()), 2000);
        // pipelined gets of a 1 MB value, nothing ever read
        attacker
            .getOutputStream()
            .write("get big0\r\n".repeat(gets).getBytes(StandardCharsets.US_ASCII));
        attacker.getOutputStream().flush();
      }
      try (TextClient victim = new TextClient(proxy.port())) {
        // At least 4 s of traffic; then, if the other client has not had its share yet, up to 20 s
        // in all: on a loaded machine the replies queued ahead of it on the shared server
        // connections take longer to pass, which delays it but must not starve it.
        long start = System.nanoTime();
        long minEnd = start + TimeUnit.SECONDS.toNanos(4);
        long maxEnd = start + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < minEnd
            || (victimRequests < servedAtLeast && System.nanoTime() < maxEnd)) {
          String key = "victim" + (victimRequests % 50);
          String value = "v" + victimRequests;
          assertEquals("STORED", victim.line(set(key, value)));
          assertEquals(
              "VALUE " + key + " 0 " + value.length() + "\r\n" + value + "\r\nEND\r\n",
              victim.until("get " + key + "\r\n", "END"));
          victimRequests++;
          if (victimRequests % 20 == 0) {
            peak = Math.max(peak, proxy.residentBytes());
          }
        }
        servedFor = System.nanoTime() - start;
        assertTrue(proxy.isAlive(), proxy.output());
        String stats = victim.until("stats\r\n", "END");
        assertTrue(stats.contains("STAT num_servers_down 0\r\n"), stats);
      }
      // what a slow reader gets when it does read: a whole value first
      String first = readLine(slow.get(0).getInputStream());
      assertEquals("VALUE big0 0 " + MEGABYTE_VALUE, first);
    } finally {
      for (Socket s : slow) {
        s.close();
      }
    }
    System.out.printf(
        "%d slow reader(s): proxy peak RSS %d MB, other client's set+get pairs in %d ms: %d%n",
        attackers, peak >> 20, servedFor / 1_000_000, victimRequests);
    assertTrue(
        victimRequests >= servedAtLeast,
        "the other client was served: " + victimRequests + " in " + servedFor / 1_000_000 + " ms");
    // Before: 620 MB for one slow reader and the process killed by its pod's limit.
    assertTrue(peak < 460L * 1024 * 1024, "the proxy stays inside its 512 MB pod: " + peak);
  }

  @Test
  void aGetLineOfThreeMillionKeysIsAnsweredWhileOthersAreServed() throws Exception {
    // about 6 MB on one line, as the attack: memcached survives it, so must the proxy
    int keys = 3_000_000;
    long started = System.nanoTime();
    try (Socket attacker = connect()) {
      attacker.setSoTimeout(120_000);
      StringBuilder line = new StringBuilder(keys * 2 + 8).append("get");
      line.append(" x".repeat(keys)).append("\r\n");
      attacker.getOutputStream().write(line.toString().getBytes(StandardCharsets.US_ASCII));
      attacker.getOutputStream().flush();
      try (TextClient other = new TextClient(proxy.port())) {
        assertEquals("STORED", other.line(set("during-huge-get", "ok")));
        assertEquals(
            "VALUE during-huge-get 0 2\r\nok\r\nEND\r\n",
            other.until("get during-huge-get\r\n", "END"));
      }
      assertEquals("END", readLine(attacker.getInputStream()), "every key a miss");
    }
    assertTrue(proxy.isAlive(), proxy.output());
    System.out.printf(
        "get of %d keys answered in %d ms, proxy RSS %d MB%n",
        keys, (System.nanoTime() - started) / 1_000_000, proxy.residentBytes() >> 20);
  }

  @Test
  void aMultiGetOfSixtyMegabyteValuesAnswersAllHitsOrAnErrorNeverASilentMiss() throws Exception {
    StringBuilder get = new StringBuilder("get");
    for (int i = 0; i < MANY; i++) {
      get.append(" big").append(i);
    }
    get.append("\r\n");
    for (int round = 0; round < 3; round++) {
      try (Socket s = connect()) {
        s.getOutputStream().write(get.toString().getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        int hits = 0;
        while (true) {
          String line = readLine(in);
          if (line.equals("END")) {
            assertEquals(MANY, hits, "END after " + hits + " of " + MANY + " hits");
            break;
          }
          if (line.startsWith("SERVER_ERROR")) {
            break;
          }
          assertEquals("VALUE big" + hits + " 0 " + MEGABYTE_VALUE, line);
          assertEquals(MEGABYTE_VALUE + 2, in.readNBytes(MEGABYTE_VALUE + 2).length);
          hits++;
        }
      }
    }
  }

  @Test
  void aHalfClosedClientGetsEveryByteOfEightMegabytes() throws Exception {
    String block = "VALUE big1 0 " + MEGABYTE_VALUE + "\r\n" + VALUE + "\r\n";
    for (String script : List.of("get big1\r\n".repeat(8), "get" + " big1".repeat(8) + "\r\n")) {
      try (Socket s = connect()) {
        s.getOutputStream().write(script.getBytes(StandardCharsets.US_ASCII));
        s.shutdownOutput();
        Thread.sleep(300);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        s.getInputStream().transferTo(all);
        String expected =
            script.startsWith("get big1\r\n")
                ? (block + "END\r\n").repeat(8)
                : block.repeat(8) + "END\r\n";
        assertEquals(expected.length(), all.size());
        assertEquals(expected, all.toString(StandardCharsets.US_ASCII));
      }
    }
  }

  private static String set(String key, String value) {
    return "set " + key + " 0 0 " + value.length() + "\r\n" + value + "\r\n";
  }

  private static Socket connect() throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", proxy.port()), 2000);
    s.setSoTimeout(20_000);
    return s;
  }

  private static String readLine(InputStream in) throws IOException {
    List<Byte> bytes = new ArrayList<>();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new IOException("EOF after " + bytes.size() + " bytes of a line");
      }
      bytes.add((byte) b);
    }
    byte[] out = new byte[bytes.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = bytes.get(i);
    }
    return new String(out, 0, Math.max(0, out.length - 1), StandardCharsets.US_ASCII);
  }
}
