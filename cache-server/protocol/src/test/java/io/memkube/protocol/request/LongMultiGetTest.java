package io.memkube.protocol.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.protocol.Command;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines too long to hold: memcached's limits, and multi-gets taken apart as their keys arrive. */
class LongMultiGetTest {
  private final RequestParser parser = new RequestParser(1024 * 1024);
  private final Request req = Request.create();
  private final ByteBuf cumulation = Unpooled.buffer();

  /** Feeds {@code pieces} one after the other, as reads; describes every request handed out. */
  private List<String> feed(String... pieces) {
    List<String> out = new ArrayList<>();
    for (String piece : pieces) {
      cumulation.writeCharSequence(piece, StandardCharsets.ISO_8859_1);
      while (true) {
        int before = cumulation.readerIndex();
        ParseResult r = parser.parse(cumulation, req);
        if (r == ParseResult.NEED_MORE) {
          break;
        }
        if (r == ParseResult.CLOSE) {
          out.add("CLOSE");
          return out;
        }
        // as ByteToMessageDecoder demands: every request handed out consumes bytes
        assertTrue(cumulation.readerIndex() > before, "a request that consumed nothing");
        StringBuilder sb = new StringBuilder(req.command().toString());
        if (req.errorLine() != null) {
          sb.append(" !").append(req.errorLine());
        }
        sb.append(" keys=").append(req.keyCount());
        if (req.keyCount() > 0) {
          sb.append(" first=").append(req.key(0));
        }
        sb.append(req.continuedLine() ? " continued" : "").append(req.continuesLine() ? " +" : "");
        out.add(sb.toString());
      }
      cumulation.discardReadBytes();
    }
    return out;
  }

  private static String keys(String prefix, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(' ').append(prefix).append(i);
    }
    return sb.toString();
  }

  private static long keyTotal(List<String> parts) {
    return parts.stream()
        .mapToLong(p -> Long.parseLong(p.replaceAll(".* keys=(\\d+).*", "$1")))
        .sum();
  }

  @Test
  void anUnterminatedMultiGetIsHandedOutInBoundedPartsAsItsKeysArrive() {
    List<String> first = feed("get" + keys("k", 1000)); // ~5.9 KB, no newline yet
    assertTrue(first.size() > 1, first::toString);
    first.forEach(p -> assertTrue(p.endsWith(" +"), p));
    assertTrue(cumulation.readableBytes() < 16, "held: " + cumulation.readableBytes());
    List<String> rest = feed(keys("x", 100), "\r\n");
    List<String> all = new ArrayList<>(first);
    all.addAll(rest);
    assertEquals(1100, keyTotal(all));
    assertTrue(all.getFirst().startsWith("GET keys=64 first=k0"), all.getFirst());
    assertTrue(
        all.getLast().endsWith("continued"), "the last part ends the line: " + all.getLast());
    for (String p : all) {
      assertTrue(Long.parseLong(p.replaceAll(".* keys=(\\d+).*", "$1")) <= 64, p);
    }
  }

  @Test
  void aKeySplitAcrossReadsStaysOneKey() {
    List<String> parts = feed("gets" + keys("k", 500) + " spl", "it", " last\r\nmn\r\n");
    assertEquals(502, keyTotal(parts.subList(0, parts.size() - 1)));
    assertEquals("META_NOOP keys=0", parts.getLast());
    assertTrue(parts.stream().allMatch(p -> p.startsWith("GETS") || p.startsWith("META_NOOP")));
  }

  @Test
  void aTooLongKeyLateInAStreamedLineRefusesTheLineAndTheNextRequestIsRead() {
    List<String> parts = feed("get" + keys("k", 1000) + " ", "y".repeat(300), " z\r\nmn\r\n");
    assertEquals(
        "GET !" + ErrorLines.BAD_FORMAT + " keys=0 continued", parts.get(parts.size() - 2));
    assertEquals("META_NOOP keys=0", parts.getLast());
  }

  @Test
  void aTooLongKeyInAWholeLongLineRefusesItAsOneRequest() {
    assertEquals(
        List.of("GET !" + ErrorLines.BAD_FORMAT + " keys=0", "META_NOOP keys=0"),
        feed("get" + keys("k", 1000) + " " + "y".repeat(251) + "\r\nmn\r\n"));
  }

  @Test
  void aKeyOfExactly250BytesIsAKey() {
    List<String> parts = feed("get" + keys("k", 1000) + " " + "y".repeat(250) + "\r\n");
    assertEquals(1001, keyTotal(parts));
  }

  @Test
  void aLongLineThatIsNotAMultiGetClosesOnceOver2048Bytes() {
    assertEquals(List.of(), feed("set " + "a".repeat(2000)));
    assertEquals(List.of("CLOSE"), feed("a".repeat(100)));
  }

  @Test
  void aGatLineIsNotAMultiGetForThisRule() {
    assertEquals(List.of("CLOSE"), feed("gat 0" + keys("k", 1000)));
  }

  @Test
  void aNulEndsAStreamedLine() {
    List<String> parts = feed("get" + keys("k", 1000) + " \0 after", " more\r\nmn\r\n");
    assertEquals(1000, keyTotal(parts.subList(0, parts.size() - 1)));
    assertEquals("META_NOOP keys=0", parts.getLast());
  }

  @Test
  void aLongGetOfSpacesOnlyIsAnError() {
    assertEquals(
        List.of(Command.UNKNOWN + " !ERROR keys=0"), feed("get " + " ".repeat(3000), "\r\n"));
  }
}
