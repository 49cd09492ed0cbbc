package io.memkube.cacheserver.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.memkube.cacheserver.config.ServerSettings;
import io.memkube.cacheserver.config.Tuning;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * memcached's ASCII authentication ({@code -Y}): the same sessions against Debian's memcached
 * 1.6.18 and memkube, both started with the same auth file, must get the same bytes back, the same
 * closes, and the same {@code auth_cmds}/{@code auth_errors}. Each session is a list of writes;
 * after each write the replies are read before the next one is sent, because memcached (and memkube
 * after it) sends only the last pre-authentication reply of one read.
 */
class AuthDifferentialTest {
  @TempDir static Path dir;

  private static Path authFile;
  private static MemcachedProcess memcached;
  private static InProcessServer ours;

  @BeforeAll
  static void start() throws Exception {
    authFile = dir.resolve("authfile");
    // a CR LF line, a password with a colon, and a last line without a newline
    Files.writeString(authFile, "user:pass\nops:p:w\r\nlast:word", StandardCharsets.US_ASCII);
    memcached = MemcachedProcess.start("-Y", authFile.toString());
    ours =
        InProcessServer.start(
            new ServerSettings(
                0,
                "127.0.0.1",
                64L << 20,
                1024,
                4,
                1 << 20,
                0,
                false,
                1024,
                true,
                Tuning.defaults().authFile(authFile.toString())));
  }

  @AfterAll
  static void stop() throws Exception {
    if (ours != null) {
      ours.close();
    }
    if (memcached != null) {
      memcached.close();
    }
  }

  /** A binary protocol version request: its 24-byte header, no line end in it. */
  private static final String BINARY_VERSION = "\u0080\u000b" + "\0".repeat(22);

  /** A binary protocol get of key "a". */
  private static final String BINARY_GET_A =
      "\u0080\0\0\u0001" + "\0".repeat(7) + "\u0001" + "\0".repeat(12) + "a";

  private static final String[][] SESSIONS = {
    // -Y forces the text protocol (memcached 1.6.18): a binary frame is the start of a text line,
    // unauthenticated before the login and an unknown command after it
    {BINARY_VERSION, "version\r\n"},
    {BINARY_GET_A + "\r\n", "get a\r\n"},
    {"set a 0 0 9\r\nuser pass\r\n", BINARY_VERSION, "version\r\n"},
    {"set a 0 0 9\r\nuser pass\r\n", BINARY_GET_A, "\r\n", "get a\r\n"},
    // every command before authentication, meta ones included
    {"get foo\r\n", "version\r\n", "mg foo v\r\n", "mn\r\n", "stats\r\n", "quit\r\n"},
    {"ms foo 2\r\nhi\r\n", "delete foo\r\n", "incr n 1\r\n", "flush_all\r\n", "verbosity 1\r\n"},
    {"add a 0 0 9\r\nuser pass\r\n", "SET a 0 0 9\r\n", "user pass\r\n"},
    {"set a\r\n", "set a 0 0\r\n", "set a 0 0 x\r\n", "set a 0 0 -1\r\n", "set a 0 0 9x\r\n"},
    // the handshake, and the commands after it
    {"set a 0 0 9\r\nuser pass\r\n", "get a\r\nset b 0 0 1\r\nz\r\nget b\r\nmn\r\n"},
    {"set anything 5 100 9\r\n", "user pass\r\n", "mg a v\r\n"},
    {"set a 0 0 9\r\nuser pass\r\nget a\r\nversion\r\n"},
    {"set a 0 0 9 noreply\r\nuser pass\r\n", "get a\r\n"},
    {"set  a  b  c  9 \r\n", "user pass\r\n"},
    {"set a 0 0 09\n", "user pass\r\n"},
    {"set a 0 0 +9\r\n", "user pass\r\n"},
    {"set a 0 0 10\r\n", "user  pass\r\n"},
    {"set a 0 0 11\r\n", "user pass x\r\n", "get a\r\n"},
    {"set a 0 0 7\r\n", "ops p:w\r\n"},
    {"set a 0 0 7\r\n", "last wor\r\n"},
    {"set a 0 0 8\r\n", "last word\r\n"},
    // failures
    {"set a 0 0 8\r\nuser pas\r\n", "set a 0 0 9\r\nuser pass\r\n"},
    {"set a 0 0 9\r\nuser Pass\r\n", "get a\r\n"},
    {"set a 0 0 8\r\nuserpass\r\n", "set a 0 0 0\r\n\r\n"},
    {"set a 0 0 9\r\n", "user passXX\r\n"},
    {"set a 0 0 11\r\n", "user pass\r\n\r\n"},
    {"set a 0 0 10\r\n", "user pass\n\r\n"},
    {"set a 0 0 9\r\n", "user\0pass\r\n"},
    {"set a 0 0 9\r\n", "us\0r pass\r\n"},
    // sizes that wrap in memcached's 32-bit arithmetic
    {"set a 0 0 4294967294\r\n", "get a\r\n"},
    {"set a 0 0 4294967295\r\n", "x\r\n"},
    {"set a 0 0 4294967296\r\n", "\r\n"},
    {"set a 0 0 4294967305\r\n", "user pass\r\n", "get a\r\n"},
    // several requests in one write: only the last reply of the read is sent, as by memcached
    {"get foo\r\nget bar\r\n"},
    {"set a 0 0 8\r\nuser pas\r\nget foo\r\n"},
    {"set a 0 0 8\r\nuser pas\r\nset a 0 0 9\r\nuser pass\r\nget a\r\n"},
    // a value that cannot fit memcached's read buffer, and lines without a newline
    {"set a 0 0 16382\r\n", "x".repeat(16382) + "\r\n"},
    {"set a 0 0 17000\r\n", "x".repeat(17002)},
    {"x".repeat(2048)},
    {"x".repeat(2049)},
    {"\n", "get a\r\n"},
    {"x"},
  };

  @Test
  void sessionsGetMemcachedsRepliesByteForByte() throws IOException {
    List<String> failures = new ArrayList<>();
    for (String[] session : SESSIONS) {
      List<String> expected = run(memcached.port, session, null);
      List<String> actual = run(ours.port, session, expected);
      if (!expected.equals(actual)) {
        failures.add(
            "session: "
                + show(String.join("|", session))
                + "\n  memcached: "
                + show(String.join("|", expected))
                + "\n  memkube:   "
                + show(String.join("|", actual)));
      }
    }
    if (!failures.isEmpty()) {
      fail(failures.size() + " differences:\n" + String.join("\n", failures));
    }
  }

  @Test
  void authCountersMatchMemcached() throws IOException {
    String[] session = {"set a 0 0 8\r\nuser pas\r\n", "set a 0 0 9\r\nuser pass\r\n"};
    for (int port : new int[] {memcached.port, ours.port}) {
      long[] before = authStats(port);
      run(port, session, ANSWERED);
      long[] after = authStats(port);
      // the session's failure and success, and the login of the second authStats call
      assertEquals(3, after[0] - before[0], "auth_cmds on " + port);
      assertEquals(1, after[1] - before[1], "auth_errors on " + port);
    }
  }

  @Test
  void statsSettingsShowTheAuthFileAsMemcachedDoes() throws IOException {
    String[] session = {"set a 0 0 9\r\nuser pass\r\n", "stats settings\r\n"};
    String m = line(run(memcached.port, session, ANSWERED), "STAT auth_enabled_ascii ");
    String o = line(run(ours.port, session, ANSWERED), "STAT auth_enabled_ascii ");
    assertEquals("STAT auth_enabled_ascii " + authFile, m);
    assertEquals(m, o);
  }

  @Test
  void authForcesTheTextProtocolAsMemcachedDoes() throws IOException {
    String[] session = {"set a 0 0 9\r\nuser pass\r\n", "stats settings\r\n"};
    String m = line(run(memcached.port, session, ANSWERED), "STAT binding_protocol ");
    String o = line(run(ours.port, session, ANSWERED), "STAT binding_protocol ");
    assertEquals("STAT binding_protocol ascii", m);
    assertEquals(m, o);
  }

  /** A transcript saying that every write is answered: the reads wait up to 3 s for a reply. */
  private static final List<String> ANSWERED = List.of("r", "r", "r", "<open>");

  /** {@code auth_cmds} and {@code auth_errors}, read after logging in. */
  private static long[] authStats(int port) throws IOException {
    List<String> r =
        run(port, new String[] {"set a 0 0 9\r\nuser pass\r\n", "stats\r\n"}, ANSWERED);
    return new long[] {value(line(r, "STAT auth_cmds ")), value(line(r, "STAT auth_errors "))};
  }

  private static long value(String statLine) {
    return Long.parseLong(statLine.substring(statLine.lastIndexOf(' ') + 1));
  }

  private static String line(List<String> replies, String prefix) {
    for (String l : String.join("", replies).split("\r\n")) {
      if (l.startsWith(prefix)) {
        return l;
      }
    }
    throw new AssertionError("no " + prefix + " in " + show(String.join("|", replies)));
  }

  /**
   * Sends each write and reads its replies before the next one; the last element says whether the
   * server closed the connection. {@code expected} is memcached's transcript of the same session:
   * where memcached said nothing after a write, memkube gets a short wait (a reply that comes later
   * still shows, after the next write's); where it answered, memkube gets longer for a first byte.
   */
  private static List<String> run(int port, String[] session, List<String> expected)
      throws IOException {
    List<String> replies = new ArrayList<>();
    boolean closed = false;
    try (WireClient w = new WireClient(port)) {
      for (int i = 0; i < session.length && !closed; i++) {
        try {
          w.send(session[i]);
        } catch (IOException e) {
          closed = true; // the peer closed before this write (a reset)
          break;
        }
        // memcached (expected == null) answers within milliseconds or not at all; a loaded
        // machine gets 800 ms for it
        int first =
            expected == null
                ? 800
                : i < expected.size() - 1 && expected.get(i).isEmpty() ? 250 : 3000;
        replies.add(DifferentialTest.normalise(WireClient.text(w.readReplies(first, 25))));
        closed = w.closedByPeer();
      }
    }
    replies.add(closed ? "<closed>" : "<open>");
    return replies;
  }

  private static String show(String s) {
    String e =
        s.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0").replace("\t", "\\t");
    return e.length() > 300 ? e.substring(0, 300) + "...(" + e.length() + ")" : e;
  }
}
