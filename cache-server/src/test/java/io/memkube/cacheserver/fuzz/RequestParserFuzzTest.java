package io.memkube.cacheserver.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.memkube.cacheserver.command.CommandProcessor;
import io.memkube.cacheserver.command.ConnectionRegistry;
import io.memkube.cacheserver.command.Outcome;
import io.memkube.cacheserver.config.ServerSettings;
import io.memkube.cacheserver.stats.ServerStats;
import io.memkube.cacheserver.storage.Cache;
import io.memkube.cacheserver.storage.Clock;
import io.memkube.protocol.request.ParseResult;
import io.memkube.protocol.request.Request;
import io.memkube.protocol.request.RequestParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the codec and the commands behind it: arbitrary bytes, cut at
 * arbitrary points, must never throw, never stall (every request consumes bytes), give the same
 * requests and replies however they are split, and end in replies or a close. Crash inputs Jazzer
 * finds are kept under src/test/resources and replayed by every build.
 */
class RequestParserFuzzTest {
  private static final Cache CACHE = new Cache(8L << 20, 1 << 20, new Clock());
  private static final ServerSettings SETTINGS =
      new ServerSettings(11211, "127.0.0.1", 8L << 20, 16, 1, 1 << 20, 0, false, 64, true);

  @FuzzTest(maxDuration = "30s")
  void anyBytesSplitAnywhereGiveTheSameRepliesAndNeverThrow(FuzzedDataProvider data) {
    int cuts = data.consumeInt(0, 6);
    int[] points = new int[cuts];
    for (int i = 0; i < cuts; i++) {
      points[i] = data.consumeInt(0, 4096);
    }
    byte[] bytes = data.consumeRemainingAsBytes();
    String whole = run(bytes, new int[0]);
    String split = run(bytes, points);
    if (split.endsWith(LONG_LINE_CLOSE) && !whole.equals(split)) {
      // memcached closes once more than 2048 bytes of a line that is not a get have arrived with
      // no newline, so where a cut falls inside such a line decides whether the connection closes:
      // that close is memcached's own behaviour. Up to it, the replies must be the same.
      String before = split.substring(0, split.length() - LONG_LINE_CLOSE.length());
      assertTrue(whole.startsWith(before), () -> "whole: " + whole + "\nsplit: " + split);
    } else {
      assertEquals(whole, split);
    }
  }

  private static final String LONG_LINE_CLOSE = "CLOSE(unterminated line)";

  @Test
  void longMultiGetsCutAnywhereGiveTheSameRequests() {
    byte[] bytes =
        ("get"
                + " k".repeat(300)
                + " "
                + "y".repeat(300)
                + " z\r\nget"
                + " a".repeat(100)
                + "\r\ngets"
                + " b".repeat(1200)
                + " \0 c\r\nmn\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    String whole = run(bytes, new int[0]);
    assertEquals("GET!CLIENT_ERROR bad command line format|GET|GETS|META_NOOP", whole);
    for (int cut = 1; cut < bytes.length; cut += 37) {
      assertEquals(whole, run(bytes, new int[] {cut, cut + 500, cut + 2100}), "cut at " + cut);
    }
  }

  /** Feeds {@code bytes} in pieces cut at {@code points}; returns the replies and the ending. */
  private static String run(byte[] bytes, int[] points) {
    RequestParser parser = new RequestParser(1 << 20);
    Request req = Request.create();
    CommandProcessor processor =
        new CommandProcessor(CACHE, new ServerStats(), SETTINGS, ConnectionRegistry.none());
    ByteBuf in = Unpooled.buffer();
    ByteBuf out = Unpooled.buffer();
    List<String> events = new ArrayList<>();
    int[] sorted = points.clone();
    java.util.Arrays.sort(sorted);
    int pos = 0;
    for (int k = 0; k <= sorted.length; k++) {
      int end = k < sorted.length ? Math.min(bytes.length, Math.max(pos, sorted[k])) : bytes.length;
      in.writeBytes(bytes, pos, end - pos);
      pos = end;
      while (true) {
        int before = in.readerIndex();
        ParseResult r = parser.parse(in, req);
        if (r == ParseResult.NEED_MORE) {
          break;
        }
        if (r == ParseResult.CLOSE) {
          boolean unterminated =
              in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n') < 0
                  && in.readableBytes() > RequestParser.MAX_UNTERMINATED_LINE;
          events.add(unterminated ? LONG_LINE_CLOSE : "CLOSE");
          return String.join("|", events) + out.toString(StandardCharsets.ISO_8859_1);
        }
        assertTrue(in.readerIndex() > before, "a request consumed no bytes: " + req);
        String event = req.command() + (req.errorLine() != null ? "!" + req.errorLine() : "");
        if (req.continuedLine()) {
          // a long multi-get comes in as many parts as its keys arrived in: one event per line
          events.set(events.size() - 1, event);
        } else {
          events.add(event);
        }
        // replies that depend on time or on other requests' CAS are not compared, only produced
        int mark = out.writerIndex();
        Outcome o = processor.process(req, out);
        out.writerIndex(mark);
        if (o != Outcome.CONTINUE) {
          events.add(o.toString());
          return String.join("|", events);
        }
      }
    }
    return String.join("|", events);
  }
}
