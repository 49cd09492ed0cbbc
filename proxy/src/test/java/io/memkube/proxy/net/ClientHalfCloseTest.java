package io.memkube.proxy.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.memkube.proxy.RunningProxy;
import io.memkube.proxy.hash.Ch3Hash;
import io.memkube.proxy.pool.ConnectionLimits;
import io.memkube.proxy.state.ProxyOptions;
import io.memkube.proxy.testing.MemcachedProcess;
import io.memkube.proxy.testing.ProxyFixture;
import io.memkube.proxy.testing.ScriptedServer;
import io.memkube.proxy.testing.TextClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client that shuts down its write side after sending ({@code nc -N}, {@code nc -q1}, {@code
 * Socket.shutdownOutput()}) gets, as from memcached, the reply to every command sent before its
 * EOF, in order, and then the connection closes.
 */
class ClientHalfCloseTest {
  static MemcachedProcess first;
  static MemcachedProcess second;
  static RunningProxy proxy;

  @BeforeAll
  static void start() throws Exception {
    first = MemcachedProcess.start();
    second = MemcachedProcess.start();
    proxy = ProxyFixture.start(config(first.address(), second.address()));
  }

  @AfterAll
  static void stop() {
    proxy.close();
    first.close();
    second.close();
  }

  private static String config(String... servers) {
    return "{\"pools\": {\"A\": {\"servers\": [\"%s\"]}}, \"route\": \"PoolRoute|A\"}"
        .formatted(String.join("\", \"", servers));
  }

  /** A key starting with {@code prefix} that Ch3 places on the given one of the two servers. */
  private static String keyOn(int server, String prefix) {
    Ch3Hash ch3 = new Ch3Hash(2);
    for (int i = 0; ; i++) {
      String key = "halfclose-" + prefix + i;
      if (ch3.bucket(key.getBytes(StandardCharsets.UTF_8)) == server) {
        return key;
      }
    }
  }

  @Test
  void halfCloseAfterAPipelineGetsEveryReplyInOrderThenEof() throws Exception {
    String a = keyOn(0, "p");
    String b = keyOn(1, "p");
    assertNotEquals(
        new Ch3Hash(2).bucket(a.getBytes(StandardCharsets.UTF_8)),
        new Ch3Hash(2).bucket(b.getBytes(StandardCharsets.UTF_8)),
        "the multi-get must span both servers");
    String script =
        ("set %1$s 0 0 5\r\nhello\r\nset %2$s 0 0 5\r\nworld\r\nget %1$s nosuchkey %2$s\r\n"
                + "version\r\ndelete %1$s\r\nincr %2$s 1\r\nget %2$s %1$s\r\n")
            .formatted(a, b);

    assertEquals(
        ("STORED\r\nSTORED\r\nVALUE %1$s 0 5\r\nhello\r\nVALUE %2$s 0 5\r\nworld\r\nEND\r\n"
                + "VERSION %3$s\r\nDELETED\r\n"
                + "CLIENT_ERROR cannot increment or decrement non-numeric value\r\n"
                + "VALUE %2$s 0 5\r\nworld\r\nEND\r\n")
            .formatted(a, b, RunningProxy.VERSION),
        sendAndHalfClose(proxy.port(), script));
  }

  @Test
  void halfCloseWithManyPipelinedCommandsWhileReadingIsPausedAnswersThemAll() throws Exception {
    // With at most 4 unanswered commands per client, the proxy stops and restarts reading many
    // times, and the EOF comes while commands are still buffered.
    try (RunningProxy small =
        ProxyFixture.start(
            config(first.address(), second.address()),
            new ProxyOptions(4, false, true, new ConnectionLimits(10_000, 100_000, 500, 60_000)))) {
      StringBuilder script = new StringBuilder();
      StringBuilder expected = new StringBuilder();
      for (int i = 0; i < 300; i++) {
        String key = "many" + i;
        script.append("set ").append(key).append(" 0 0 ").append(key.length()).append("\r\n");
        script.append(key).append("\r\n");
        expected.append("STORED\r\n");
      }
      for (int i = 0; i < 300; i += 3) {
        script.append("get many").append(i).append(" many").append(i + 1).append("\r\n");
        for (int k = i; k < i + 2; k++) {
          String key = "many" + k;
          expected.append("VALUE ").append(key).append(" 0 ").append(key.length()).append("\r\n");
          expected.append(key).append("\r\n");
        }
        expected.append("END\r\n");
      }

      assertEquals(expected.toString(), sendAndHalfClose(small.port(), script.toString()));
    }
  }

  @Test
  void halfCloseWhileAReplyIsStillOnItsWayWaitsForIt() throws Exception {
    try (ScriptedServer slow = new ScriptedServer(300);
        RunningProxy viaSlow = ProxyFixture.start(config(slow.address()))) {
      assertEquals(
          "VALUE slowkey 0 7\r\nslowkey\r\nEND\r\nVALUE quick 0 5\r\nquick\r\nEND\r\n",
          sendAndHalfClose(viaSlow.port(), "get slowkey\r\nget quick\r\n"));
    }
  }

  @Test
  void largeRepliesBeforeQuitAreWrittenInFullToAClientSlowToRead() throws Exception {
    // 8 x 900 KB is more than the socket buffers hold: the replies are still being written when
    // quit is reached, and the close must wait for them.
    String key = keyOn(1, "large");
    String value = "v".repeat(900 * 1024);
    try (TextClient c = new TextClient(proxy.port())) {
      assertEquals(
          "STORED", c.line("set " + key + " 0 0 " + value.length() + "\r\n" + value + "\r\n"));
    }
    String one = "VALUE " + key + " 0 " + value.length() + "\r\n" + value + "\r\nEND\r\n";
    try (Socket s = connect(proxy.port())) {
      s.getOutputStream()
          .write(
              ("get " + key + "\r\n")
                  .repeat(8)
                  .concat("quit\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      Thread.sleep(300);
      String replies = readToEof(s.getInputStream());
      assertEquals(one.length() * 8, replies.length());
      assertEquals(one.repeat(8), replies);
    }
  }

  @Test
  void halfCloseAfterEightMegabytesOfRepliesGetsEveryByte() throws Exception {
    // More than the socket buffers hold, and the client reads only after its EOF: the proxy must
    // wait for the socket to take the rest after the half-close (see net.EpollInterestFix).
    String key = keyOn(0, "eight");
    String value = "w".repeat(1_000_000);
    try (TextClient c = new TextClient(proxy.port())) {
      assertEquals(
          "STORED", c.line("set " + key + " 0 0 " + value.length() + "\r\n" + value + "\r\n"));
    }
    String block = "VALUE " + key + " 0 " + value.length() + "\r\n" + value + "\r\n";
    String separate = ("get " + key + "\r\n").repeat(8);
    String oneLine = "get" + (" " + key).repeat(8) + "\r\n";
    for (String script : new String[] {separate, oneLine}) {
      try (Socket s = connect(proxy.port())) {
        s.getOutputStream().write(script.getBytes(StandardCharsets.US_ASCII));
        s.shutdownOutput();
        Thread.sleep(300);
        String replies = readToEof(s.getInputStream());
        String expected =
            script == separate ? (block + "END\r\n").repeat(8) : block.repeat(8) + "END\r\n";
        assertEquals(expected.length(), replies.length());
        assertEquals(expected, replies);
      }
    }
  }

  @Test
  void anIncompleteLastCommandAtEofIsDroppedAndTheRestAnswered() throws Exception {
    String key = keyOn(0, "partial");
    assertEquals(
        "END\r\n",
        sendAndHalfClose(proxy.port(), "get " + key + "\r\nset " + key + " 0 0 5\r\nhe"));
    try (TextClient c = new TextClient(proxy.port())) {
      assertEquals("END", c.line("get " + key + "\r\n"), "the incomplete set is not executed");
    }
  }

  @Test
  void halfCloseWithoutCommandsClosesAtOnce() throws Exception {
    assertEquals("", sendAndHalfClose(proxy.port(), ""));
  }

  @Test
  void quitInTheMiddleOfAPipelineAnswersWhatCameBeforeThenCloses() throws Exception {
    String a = keyOn(0, "q");
    String b = keyOn(1, "q");
    String script =
        ("set %1$s 0 0 1\r\nx\r\nset %2$s 0 0 1\r\ny\r\nget %1$s %2$s\r\nquit\r\n"
                + "delete %1$s\r\nget %1$s\r\n")
            .formatted(a, b);
    String expected =
        "STORED\r\nSTORED\r\nVALUE %1$s 0 1\r\nx\r\nVALUE %2$s 0 1\r\ny\r\nEND\r\n".formatted(a, b);

    assertEquals(expected, sendAndHalfClose(proxy.port(), script));
    try (TextClient c = new TextClient(proxy.port())) {
      assertEquals(
          "VALUE " + a + " 0 1\r\nx\r\nEND\r\n",
          c.until("get " + a + "\r\n", "END"),
          "nothing after quit is executed");
    }
    // the same script without the half-close: the proxy closes on its own after quit
    try (Socket s = connect(proxy.port())) {
      s.getOutputStream().write(script.getBytes(StandardCharsets.US_ASCII));
      assertEquals(expected, readToEof(s.getInputStream()));
    }
  }

  @Test
  void quitBehavesAsMemcachedDoes() throws Exception {
    String script = "set quitref 0 0 1\r\nz\r\nget quitref\r\nquit\r\nget quitref\r\n";
    assertEquals(sendAndHalfClose(first.port(), script), sendAndHalfClose(proxy.port(), script));
  }

  @Test
  void aClientThatClosesWithRepliesInFlightLeavesNoConnectionBehind() throws Exception {
    try (ScriptedServer slow = new ScriptedServer(300);
        RunningProxy viaSlow = ProxyFixture.start(config(slow.address()))) {
      try (Socket s = connect(viaSlow.port())) {
        s.getOutputStream().write("get slowgone\r\n".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        waitFor(() -> slow.requests.get() >= 1);
      }
      waitFor(() -> viaSlow.state().stats().currentConnections.sum() == 0);
      // the late reply to the gone client disturbs nobody
      Thread.sleep(400);
      try (TextClient c = new TextClient(viaSlow.port())) {
        assertEquals("VALUE quick 0 5\r\nquick\r\nEND\r\n", c.until("get quick\r\n", "END"));
      }
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(10);
    }
  }

  private static Socket connect(int port) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
    s.setSoTimeout(10_000);
    return s;
  }

  /** Sends the script, shuts down the write side and reads every byte until the peer's EOF. */
  private static String sendAndHalfClose(int port, String script) throws IOException {
    try (Socket s = connect(port)) {
      s.getOutputStream().write(script.getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      s.shutdownOutput();
      return readToEof(s.getInputStream());
    }
  }

  /** Every byte until EOF; a read timeout (the peer neither answers nor closes) fails the test. */
  private static String readToEof(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    in.transferTo(b);
    return b.toString(StandardCharsets.US_ASCII);
  }
}
