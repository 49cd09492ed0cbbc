package io.memkube.cacheserver.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.cacheserver.cli.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code watch}: a watching connection gets memcached's log lines for the kinds it asked for, with
 * keys URI-encoded and the acting connection's number, and a {@code skipped=N} line when it read
 * too slowly to take them all.
 */
class WatchCommandTest {
  private static final String STAMP = "ts=\\d+\\.\\d{6} gid=\\d+ ";
  private static InProcessServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        InProcessServer.start(
            Main.settingsFor("-l", "127.0.0.1", "-m", "8", "-o", "watcher_logbuf_size=8"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A line-reading socket. */
  private static final class Conn implements AutoCloseable {
    final Socket socket;
    final BufferedReader in;
    final OutputStream out;

    Conn() throws IOException {
      this(server.port);
    }

    Conn(int port) throws IOException {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(10_000);
      in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      out = socket.getOutputStream();
    }

    String call(String request) throws IOException {
      send(request);
      return in.readLine();
    }

    void send(String request) throws IOException {
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }

    /** This connection's number, the last one {@code stats conns} lists (the newest). */
    String id() throws IOException {
      send("stats conns\r\n");
      String last = null;
      for (String line = in.readLine(); !line.equals("END"); line = in.readLine()) {
        last = line;
      }
      return last.split(" ")[1].split(":")[0];
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private static void assertLine(String regex, String line) {
    assertTrue(Pattern.matches(STAMP + regex, line), line + " does not match " + regex);
  }

  @Test
  void fetchersAndMutationsSeeEachLookupAndStoreWithTheClientsConnectionNumber() throws Exception {
    try (Conn client = new Conn()) {
      String cfd = client.id();
      Conn watcher = new Conn();
      assertEquals("OK", watcher.call("watch fetchers mutations\r\n"));
      assertEquals("STORED", client.call("set n,k1 0 100 4\r\nvbar\r\n"));
      assertEquals("VALUE n,k1 0 4", client.call("get n,k1\r\n"));
      assertEquals("vbar", client.in.readLine());
      assertEquals("END", client.in.readLine());
      assertLine(
          "type=item_get key=n%2Ck1 status=not_found clsid=0 cfd=" + cfd + " size=0",
          watcher.in.readLine());
      assertLine(
          "type=item_store key=n%2Ck1 status=stored cmd=set ttl=100 clsid=\\d+ cfd="
              + cfd
              + " size=4",
          watcher.in.readLine());
      assertLine(
          "type=item_get key=n%2Ck1 status=found clsid=\\d+ cfd=" + cfd + " size=4",
          watcher.in.readLine());
      // a watcher runs no further commands
      watcher.send("version\r\n");
      assertEquals("NOT_STORED", client.call("add n,k1 0 0 1\r\nx\r\n"));
      assertLine("type=item_get key=n%2Ck1 status=found .*", watcher.in.readLine());
      assertLine("type=item_store key=n%2Ck1 status=not_stored cmd=add .*", watcher.in.readLine());
      watcher.close();
    }
  }

  @Test
  void connectionEventsNameTheAddressAndWhyTheConnectionClosed() throws Exception {
    try (Conn watcher = new Conn()) {
      assertEquals("OK", watcher.call("watch connevents\r\n"));
      try (Conn client = new Conn()) {
        client.call("quit\r\n");
      }
      assertLine(
          "type=conn_new rip=127\\.0\\.0\\.1 rport=\\d+ transport=tcp cfd=\\d+",
          watcher.in.readLine());
      assertLine(
          "type=conn_close rip=127\\.0\\.0\\.1 rport=\\d+ transport=tcp reason=normal cfd=\\d+",
          watcher.in.readLine());
      try (Conn client = new Conn()) {
        client.send("GET / HTTP/1.1\r\n");
        assertLine("type=conn_new .*", watcher.in.readLine());
        assertLine("type=conn_close .* reason=error cfd=\\d+", watcher.in.readLine());
      }
    }
  }

  @Test
  void aWatcherThatDoesNotReadIsToldHowManyLinesItMissed() throws Exception {
    try (Conn client = new Conn();
        Conn watcher = new Conn()) {
      watcher.socket.setReceiveBufferSize(4096);
      assertEquals("OK", watcher.call("watch\r\n"));
      String pad = "x".repeat(200);
      StringBuilder gets = new StringBuilder();
      for (int i = 0; i < 30_000; i++) {
        gets.append("get skip").append(i).append(pad).append("\r\n");
      }
      gets.append("version\r\n");
      client.send(gets.toString());
      for (String line = client.in.readLine(); !line.startsWith("VERSION"); ) {
        line = client.in.readLine();
      }
      String skipped = null;
      for (int i = 0; i < 40_000 && skipped == null; i++) {
        if (!watcher.in.ready()) {
          // a line that finds room carries the count of those skipped before it
          assertEquals("END", client.call("get again\r\n"));
        }
        String line = watcher.in.readLine();
        if (line.startsWith("skipped=")) {
          skipped = line;
        }
      }
      assertTrue(skipped != null && Pattern.matches("skipped=\\d+", skipped), "" + skipped);
      assertLine("type=item_get .*", watcher.in.readLine());
    }
  }

  @Test
  void statsCountWatchersUntilTheyDisconnect() throws Exception {
    // a server of its own: the shared one's watchers from other tests go at their own pace
    try (InProcessServer own =
            InProcessServer.start(Main.settingsFor("-l", "127.0.0.1", "-m", "8"));
        Conn client = new Conn(own.port)) {
      assertEquals(0, watchers(client));
      Conn watcher = new Conn(own.port);
      assertEquals("OK", watcher.call("watch evictions\r\n"));
      assertEquals(1, watchers(client));
      watcher.close();
      assertEquals(0, settledWatchers(client, 0));
    }
  }

  /**
   * log_watchers once it equals {@code expected} (a closed watcher goes asynchronously), or after 2
   * s.
   */
  private static int settledWatchers(Conn client, int expected) throws Exception {
    int now = watchers(client);
    for (int i = 0; i < 100 && now != expected; i++) {
      Thread.sleep(20);
      now = watchers(client);
    }
    return now;
  }

  private static int watchers(Conn client) throws IOException {
    return Integer.parseInt(logWatchers(client).substring("STAT log_watchers ".length()));
  }

  private static String logWatchers(Conn client) throws IOException {
    client.send("stats\r\n");
    String found = null;
    for (String line = client.in.readLine(); !line.equals("END"); line = client.in.readLine()) {
      if (line.startsWith("STAT log_watchers ")) {
        found = line;
      }
    }
    return found;
  }

  @Test
  void evictionsAreLoggedAsAFullCacheMakesRoom() throws Exception {
    try (InProcessServer small =
            InProcessServer.start(Main.settingsFor("-l", "127.0.0.1", "-m", "4"));
        WireClient client = new WireClient(small.port);
        Socket watcher = new Socket("127.0.0.1", small.port)) {
      String value = "v".repeat(10_000);
      StringBuilder fill = new StringBuilder();
      for (int i = 0; i < 600; i++) {
        fill.append("set fill").append(i).append(" 0 0 10000 noreply\r\n").append(value);
        fill.append("\r\n");
      }
      client.send(fill.append("mn\r\n").toString());
      client.readUntil(WireClient.bytes("MN\r\n"), 10_000);
      watcher.setSoTimeout(10_000);
      BufferedReader lines =
          new BufferedReader(
              new InputStreamReader(watcher.getInputStream(), StandardCharsets.ISO_8859_1));
      watcher.getOutputStream().write(WireClient.bytes("watch evictions\r\n"));
      assertEquals("OK", lines.readLine());
      client.send("set one-more 0 0 10000 noreply\r\n" + value + "\r\n");
      assertLine(
          "type=eviction key=fill\\d+ fetch=no ttl=-1 la=\\d+ clsid=\\d+ size=10000",
          lines.readLine());
    }
  }

  @Test
  void dashCapitalWRefusesWatching() throws Exception {
    try (InProcessServer noWatch =
            InProcessServer.start(Main.settingsFor("-l", "127.0.0.1", "-W"));
        WireClient c = new WireClient(noWatch.port)) {
      c.send("watch mutations\r\n");
      assertEquals(
          "CLIENT_ERROR watch commands not allowed\r\n",
          WireClient.text(c.readUntil(WireClient.bytes("\r\n"), 5_000)));
    }
  }
}
