package io.memkube.cacheserver.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sends the same bytes to Debian's memcached 1.6.18 and to memkube-cache-server and compares the
 * replies byte for byte. Both servers see every case in the same order, so CAS values must stay in
 * step too. Only values that legitimately differ are normalised: the version string and
 * second-granularity ages/TTLs.
 */
class DifferentialTest {
  private static MemcachedProcess memcached;
  private static InProcessServer ours;

  @BeforeAll
  static void start() throws Exception {
    memcached = MemcachedProcess.start("-m", "64", "-t", "4", "-I", "1m");
    ours = InProcessServer.start();
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

  private static final String[] HAND_WRITTEN = {
    "flush_all\r\n",
    // storage basics and replies
    "set a 0 0 1\r\n1\r\nget a\r\ngets a\r\n",
    "add a 0 0 1\r\n2\r\nadd b 5 0 2\r\nbb\r\nget a b\r\n",
    "replace a 7 0 3\r\nxyz\r\nreplace zz 0 0 1\r\nz\r\ngets a\r\n",
    "append a 0 0 2\r\n++\r\nprepend a 0 0 2\r\n--\r\nget a\r\nappend nope 0 0 1\r\nx\r\n",
    "gets a\r\ncas a 0 0 1 1\r\nq\r\ncas nope 0 0 1 1\r\nq\r\n",
    "set c 1 0 1\r\nc\r\ngets c\r\n",
    "cas c 9 0 2 20\r\nCC\r\n",
    "cas c 0 0 1 0\r\nx\r\n",
    // noreply everywhere
    "set n 0 0 1 noreply\r\n1\r\nadd n 0 0 1 noreply\r\n2\r\nincr n 5 noreply\r\nget n\r\n",
    "delete n noreply\r\ndelete n\r\ntouch n 10 noreply\r\nflush_all 0 noreply\r\n",
    "set k 0 0 -1 noreply\r\nincr k x noreply\r\nverbosity 1 noreply\r\n",
    // token counts and unknown commands
    "\r\n",
    "\n",
    "x\r\n",
    "GET a\r\n",
    "set\r\nset a\r\nset a 0\r\nset a 0 0\r\n",
    "get\r\nget \r\ngets\r\ngat\r\ngat 10\r\n",
    "incr\r\nincr a\r\ndecr a\r\ntouch a\r\ndelete\r\n",
    "set a 0 0 1 noreply extra\r\nx\r\n",
    "verbosity\r\nverbosity 1\r\nverbosity x\r\nverbosity 1 2 3\r\n",
    "flush_all x\r\nflush_all 0 0 0\r\nflush_all -1\r\n",
    "cache_memlimit\r\ncache_memlimit 4\r\ncache_memlimit x\r\ncache_memlimit 64\r\n",
    "cache_memlimit 2000000000\r\n",
    "shutdown\r\nshutdown now\r\n",
    "stats foo\r\nstats detail\r\nstats sizes\r\n",
    "quit extra\r\n",
    // numbers as C parses them
    "set k 4294967296 0 1\r\na\r\ngets k\r\n",
    "set k 4294967295 0 1\r\na\r\nget k\r\n",
    "set k 0 0 4294967297\r\na\r\n",
    "set k 0 0 2147483648\r\n",
    "set k 0 0 +1\r\na\r\nset k +3 0 1\r\nb\r\nget k\r\n",
    "set k -1 0 1\r\na\r\n",
    "set k 0 0 1x\r\na\r\n",
    "set k 0 0 1 \t\r\na\r\n",
    "set k 0x10 0 1\r\na\r\n",
    "set k 0 0 18446744073709551616\r\n",
    "set k 18446744073709551615 0 1\r\na\r\nget k\r\n",
    "set k 18446744073709551616 0 1\r\na\r\n",
    // data block errors
    "set k 0 0 3\r\nabcde\r\n",
    "set k 0 0 3\r\nabc\n\r\n",
    "set k 0 0 0\r\n\r\nget k\r\n",
    "set k 0 0 3 noreply\r\nabcde\r\nget k\r\n",
    // keys
    "get " + "k".repeat(250) + "\r\n",
    "get " + "k".repeat(251) + "\r\n",
    "set " + "k".repeat(251) + " 0 0 1\r\na\r\n",
    "get a " + "k".repeat(251) + " b\r\n",
    "set tab\tkey 0 0 1\r\nt\r\nget tab\tkey\r\n",
    "get a a a\r\n",
    "get  a   b \r\n",
    "get a\0b\r\n",
    "delete " + "k".repeat(251) + "\r\n",
    // delete forms
    "set d 0 0 1\r\nd\r\ndelete d 0\r\ndelete d 5\r\ndelete d 0 noreply\r\ndelete d x noreply\r\n",
    "delete d noreply extra\r\n",
    // incr/decr
    "set n 0 0 3\r\n100\r\ndecr n 95\r\nget n\r\nincr n 1\r\nget n\r\n",
    "set n 0 0 20\r\n18446744073709551615\r\nincr n 1\r\nget n\r\n",
    "set n 0 0 1\r\n5\r\ndecr n 10\r\nincr n 18446744073709551615\r\nincr n 99999\r\nget n\r\n",
    "set n 0 0 2\r\nab\r\nincr n 1\r\nincr n -1\r\nincr n abc\r\nincr missing 1\r\n",
    "set n 0 0 3\r\n 12\r\nincr n 1\r\nget n\r\n",
    "set n 0 0 3\r\n12a\r\nincr n 1\r\n",
    "set n 0 0 0\r\n\r\nincr n 1\r\n",
    "set n 0 0 2\r\n-1\r\nincr n 1\r\n",
    "set n 5 0 1\r\n9\r\nincr n 1\r\ngets n\r\n",
    // expiry
    "set e 0 -1 1\r\ne\r\nget e\r\n",
    "set e 0 1 1\r\ne\r\nget e\r\n",
    "set e 0 2592000 1\r\ne\r\nget e\r\n",
    "set e 0 2592001 1\r\ne\r\nget e\r\n",
    "set e 0 4000000000 1\r\ne\r\nget e\r\n",
    "set e 0 0 1\r\ne\r\ntouch e -1\r\nget e\r\n",
    "set e 0 0 1\r\ne\r\ntouch e x\r\ngat x e\r\ngat -1 e\r\nget e\r\n",
    "set g 0 0 2\r\ngg\r\ngat 100 g\r\ngats 0 g missing\r\n",
    // flush with delay leaves items until the deadline
    "set f 0 0 1\r\nf\r\nflush_all 100\r\nget f\r\nflush_all 0\r\nget f\r\n",
    // too large
    "set big 0 0 1048500\r\n" + "x".repeat(1048500) + "\r\nget big\r\n",
    "set big 0 0 1048576\r\n" + "x".repeat(1048576) + "\r\nget big\r\n",
    "set big 0 0 1048000\r\n"
        + "y".repeat(1048000)
        + "\r\nappend big 0 0 1000\r\n"
        + "z".repeat(1000)
        + "\r\n",
    "set big 0 0 2000000 noreply\r\n" + "x".repeat(2000000) + "\r\nget big\r\n",
    // meta get
    "set m 3 0 2\r\nmm\r\nmg m\r\nmg m v\r\nmg m s v f c k\r\nmg m q\r\nmg nope q\r\nmg nope\r\n",
    "mg m k v O123 q\r\nmg nope k O456\r\nmg nope k O456 q\r\n",
    "mg m h l t\r\nmg m h\r\n",
    "mg m v v\r\nmg m x\r\nmg m C\r\nmg m T\r\nmg m Tx\r\nmg m Ma\r\nmg m M\r\n",
    "mg m O" + "o".repeat(33) + "\r\nmg m O" + "o".repeat(31) + "\r\n",
    "mg " + "k".repeat(251) + " v\r\n",
    "mg m a b c d e f g h i j k l m n o p q r s t\r\n",
    "mg m c f h k l s t u v O1 P L\r\n",
    "mg m c f h k l s t u v O1 P L I\r\n",
    "mg m c f h k l s t u v O1 P L I q\r\n",
    "mg\r\n",
    "mg Zm9v b v\r\nms Zm9v 2 b\r\nhi\r\nmg Zm9v b v k\r\nmg foo v k\r\nme Zm9v b\r\nme foo\r\n",
    "mg Zm9 b\r\nmg Zm9v! b v\r\nmg ==== b\r\n",
    "mg m T30 t v\r\nmg m t\r\n",
    // vivify, recache, stale
    "mg viv N30 c v t\r\nmg viv N30 c v\r\nms viv 1 T30\r\nv\r\nmg viv v c\r\n",
    "set r 0 100 1\r\nr\r\nmg r R30 v\r\nmg r R200 v\r\nmg r R200 v\r\n",
    "set s 0 0 1\r\ns\r\nmd s I T30\r\nmg s v c\r\nmg s v\r\nms s 1 C1\r\nt\r\nmg s v\r\n",
    "set s 0 0 1\r\ns\r\nmd s I\r\nmg s c\r\nms s 1 I C1\r\nx\r\nmg s v\r\n",
    // meta set
    "ms x 2\r\nhi\r\nms x\r\nms x 2 c k O9\r\nhi\r\nmg x v c\r\n",
    "ms x 2 q\r\nhi\r\nms x 2 MX\r\nhi\r\nms x 2 M\r\nhi\r\nms x abc\r\nhi\r\n",
    "ms x -1\r\nhi\r\nms x 2 ME\r\nhi\r\nms new 2 ME\r\nhi\r\nms x 2 MR\r\nhi\r\nms nope 2 MR\r\nhi\r\n",
    "ms x 2 MA\r\nhi\r\nms x 2 MP\r\nab\r\nmg x v\r\nms nope 2 MA\r\nhi\r\nms nope 2 MA N30\r\nhi\r\nmg nope v\r\n",
    "ms x 2 C1\r\nhi\r\nmg x c\r\nms x 2 T-1\r\nhi\r\nmg x v\r\n",
    "ms x 2 F5 T0\r\nhi\r\nmg x f v\r\nms x 2 F-1\r\nhi\r\nms x 2 F J\r\nhi\r\n",
    "ms x 2 S\r\nhi\r\nms x 2 I\r\nhi\r\nms x 2 b\r\nhi\r\n",
    "ms x 3\r\nhi\r\n",
    "ms x 2 q\r\nhiX\r\nmn\r\n",
    "ms x 2000000\r\n" + "x".repeat(2000000) + "\r\nmg x v\r\n",
    // meta delete
    "set y 0 0 1\r\ny\r\nmd y\r\nmd y\r\nmd y q\r\nmd y k O5\r\n",
    "set y 0 0 1\r\ny\r\nmd y C1 q\r\nmd y x\r\nmd y b\r\nmd y C\r\nmg y c\r\n",
    "set y 0 0 1\r\ny\r\nmd y q\r\nmg y\r\n",
    // meta arithmetic
    "ma c1\r\nma c1 N0 J5 v\r\nma c1 v\r\nma c1 MD D10 v\r\nma c1 MI D3 v t c\r\n",
    "ma c1 q\r\nma c1 q v\r\nma c1 M+ v\r\nma c1 M- v\r\nma c1 Mx\r\nma c1 C1 v\r\n",
    "set c2 0 0 1\r\nz\r\nma c2\r\nma c2 D\r\nma c2 Dx\r\nma c2 J\r\nma c2 k O7 v\r\n",
    "ma nope k O7\r\nma nope N0 k v\r\n",
    // mn, me
    "mn\r\nmn foo\r\nme\r\nme " + "k".repeat(251) + "\r\nme nope\r\n",
    "set dbg 0 0 3\r\nabc\r\nme dbg\r\n",
    "mz\r\nm\r\nmgg a\r\n",
    // HTTP closes
    "GET / HTTP/1.1\r\n",
    // long lines
    "x".repeat(2049),
    "get " + "k ".repeat(3000) + "\r\n",
    "set " + "k".repeat(3000) + " 0 0 1\r\na\r\n",
    // memcached's t/strtol-testing.t, then the rest of slabs automove/reassign's answers
    "verbosity invalid\r\nslabs automove invalid\r\n",
    "slabs automove 3\r\nslabs automove -1\r\nslabs automove\r\nslabs automove 1 2\r\n"
        + "slabs automove +1\r\nslabs automove 1 noreply\r\nslabs automove ratio 0.8\r\n"
        + "slabs automove ratio x\r\nslabs automove ratio\r\nslabs\r\nslabs foo\r\n",
    "slabs reassign\r\nslabs reassign 1\r\nslabs reassign 1 2\r\nslabs reassign 1 1\r\n"
        + "slabs reassign 0 1\r\nslabs reassign 99 1\r\nslabs reassign -1 2\r\n"
        + "slabs reassign 1 -1\r\nslabs reassign x 2\r\nslabs reassign 1 x\r\n"
        + "slabs reassign 1 2 3\r\nslabs reassign 1 2 noreply\r\nslabs reassign 39 1\r\n"
        + "slabs reassign 40 1\r\n",
    // lru_crawler's replies (memkube's crawler is its reclaim of expired items)
    "lru_crawler\r\nlru_crawler bogus\r\nlru_crawler crawl\r\nlru_crawler crawl 0\r\n"
        + "lru_crawler crawl 99\r\nlru_crawler crawl 1,x\r\nlru_crawler crawl 1,2\r\n"
        + "lru_crawler metadump 99\r\nlru_crawler enable\r\n"
        + "lru_crawler sleep 100\r\nlru_crawler tocrawl 0\r\nlru_crawler mgdump all\r\n"
        + "lru_crawler metadump all\r\nlru_crawler crawl all extra\r\n",
    // multi-gets of more keys than one part (memkube hands them out in parts of 16)
    "set h1 0 0 2\r\nv1\r\nset h2 3 0 2\r\nv2\r\nget" + " h1 m h2".repeat(70) + "\r\n",
    "gets" + " h2 m".repeat(100) + " h1\r\ngat 0" + " h1".repeat(100) + "\r\n",
    "get" + " h1".repeat(70) + " " + "y".repeat(251) + "\r\nmn\r\n",
    "get" + " h1 m".repeat(600) + " " + "y".repeat(251) + " h2\r\nmn\r\n",
    "get" + " h1".repeat(1000) + " " + "y".repeat(250) + " \0 " + "z".repeat(300) + "\r\nmn\r\n",
    "get " + " ".repeat(3000) + "\r\nmn\r\n",
  };

  @Test
  void handWrittenEdgeCasesMatchMemcached() throws IOException {
    List<String> failures = new ArrayList<>();
    for (String c : HAND_WRITTEN) {
      compare(c, failures);
    }
    if (!failures.isEmpty()) {
      fail(failures.size() + " differences:\n" + String.join("\n", failures));
    }
  }

  @Test
  void generatedSequencesMatchMemcached() throws IOException {
    Random rnd = new Random(20261128);
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      StringBuilder sb = new StringBuilder();
      int n = 1 + rnd.nextInt(6);
      for (int j = 0; j < n; j++) {
        sb.append(RequestGenerator.request(rnd));
      }
      compare(sb.toString(), failures);
      if (failures.size() > 20) {
        break;
      }
    }
    if (!failures.isEmpty()) {
      fail(failures.size() + " differences:\n" + String.join("\n", failures));
    }
  }

  /** A request no case uses, whose reply marks the end of a case's replies. */
  private static final String MARKER = "mg __end__ k\r\n";

  private static final byte[] MARKER_REPLY = WireClient.bytes("EN k__end__\r\n");

  private static String previous = "";

  private static void compare(String c, List<String> failures) throws IOException {
    String expected = exchange(memcached.port, c);
    if (!memcached.alive() || expected.isEmpty()) {
      fail(
          "memcached itself stopped answering after: "
              + abbreviate(previous)
              + " then "
              + abbreviate(c));
    }
    previous = c;
    String actual = exchange(ours.port, c);
    expected = normalise(expected);
    actual = normalise(actual);
    if (!expected.equals(actual)) {
      failures.add(
          "request: "
              + abbreviate(c)
              + "\n  memcached: "
              + abbreviate(expected)
              + "\n  memkube:   "
              + abbreviate(actual));
    }
  }

  /** Sends the case plus a marker request and reads until the marker's reply or a close. */
  private static String exchange(int port, String c) throws IOException {
    try (WireClient w = new WireClient(port)) {
      w.send(c + MARKER);
      byte[] r = w.readUntil(MARKER_REPLY, 1500);
      return WireClient.text(r) + (w.closedByPeer() ? "<closed>" : "");
    }
  }

  private static final Pattern VERSION = Pattern.compile("VERSION [^\r]*");
  private static final Pattern AGE = Pattern.compile("( [tl]|exp=|la=)(\\d+|-\\d+)");

  static String normalise(String s) {
    s = VERSION.matcher(s).replaceAll("VERSION x");
    return AGE.matcher(s).replaceAll(m -> m.group(2).equals("-1") ? m.group() : m.group(1) + "#");
  }

  private static String abbreviate(String s) {
    String e =
        s.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t").replace("\0", "\\0");
    return e.length() > 400 ? e.substring(0, 400) + "...(" + e.length() + ")" : e;
  }

  @Test
  void normalisingKeepsNoTtlAndHidesAges() {
    assertEquals("HD t-1 t# l#", normalise("HD t-1 t55 l3"));
  }
}
