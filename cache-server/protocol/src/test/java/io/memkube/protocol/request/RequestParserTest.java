package io.memkube.protocol.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.protocol.Command;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestParserTest {
  private final RequestParser parser = new RequestParser(1024 * 1024);
  private final Request req = Request.create();

  private static ByteBuf buf(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
  }

  /** Parses everything and returns a summary per request: command, error, keys, value. */
  private List<String> parseAll(ByteBuf in) {
    List<String> out = new ArrayList<>();
    while (true) {
      ParseResult r = parser.parse(in, req);
      if (r == ParseResult.NEED_MORE) {
        return out;
      }
      if (r == ParseResult.CLOSE) {
        out.add("CLOSE");
        return out;
      }
      out.add(describe(req));
    }
  }

  private static String describe(Request req) {
    StringBuilder sb = new StringBuilder(req.command().toString());
    if (req.errorLine() != null) {
      sb.append(" !").append(req.errorLine()).append(req.suppressReply() ? " (silent)" : "");
    }
    for (int i = 0; i < req.keyCount(); i++) {
      sb.append(" k=").append(req.key(i));
    }
    if (req.dataStart() >= 0 && req.errorLine() == null) {
      sb.append(" v=")
          .append(
              req.buffer()
                  .toString(req.dataStart(), req.valueLength(), StandardCharsets.ISO_8859_1));
    }
    return sb.toString();
  }

  @Test
  void setWithDataBlockIsOneRequest() {
    ByteBuf in = buf("set foo 5 10 3\r\nbar\r\n");
    assertEquals(ParseResult.REQUEST, parser.parse(in, req));
    assertEquals(Command.SET, req.command());
    assertEquals("foo", req.key(0));
    assertEquals(5, req.clientFlags());
    assertEquals(10, req.exptime());
    assertEquals(3, req.valueLength());
    assertNull(req.errorLine());
    assertFalse(in.isReadable());
  }

  @Test
  void everySplitPointGivesTheSameRequests() {
    String wire =
        "set a 0 0 5\r\nhello\r\nget a b c\r\nincr n 5 noreply\r\nms k 2 T10 F3\r\nhi\r\n"
            + "mg k v k\r\ndelete a\r\nbogus\r\n";
    List<String> whole = parseAll(buf(wire));
    assertEquals(7, whole.size());
    for (int split = 1; split < wire.length(); split++) {
      RequestParser p = new RequestParser(1024 * 1024);
      ByteBuf in = Unpooled.buffer();
      List<String> got = new ArrayList<>();
      for (String part : List.of(wire.substring(0, split), wire.substring(split))) {
        in.writeCharSequence(part, StandardCharsets.ISO_8859_1);
        ParseResult r;
        while ((r = p.parse(in, req)) == ParseResult.REQUEST) {
          got.add(describe(req));
        }
        assertEquals(ParseResult.NEED_MORE, r);
      }
      assertEquals(whole, got, "split at " + split);
    }
  }

  @Test
  void wrongTokenCountIsPlainErrorEvenWithNoreply() {
    assertEquals(List.of("UNKNOWN !ERROR"), parseAll(buf("set a 0 0\r\n")));
    assertEquals(List.of("UNKNOWN !ERROR"), parseAll(buf("\r\n")));
    assertEquals(List.of("UNKNOWN !ERROR"), parseAll(buf("get\r\n")));
  }

  @Test
  void badNumbersGiveBadFormatAndTheDataLineIsParsedAsACommand() {
    assertEquals(
        List.of("SET !" + ErrorLines.BAD_FORMAT + " k=k", "UNKNOWN !ERROR"),
        parseAll(buf("set k -1 0 1\r\na\r\n")));
  }

  @Test
  void numbersFollowCStrtolRules() {
    assertEquals(List.of("SET k=k v=a"), parseAll(buf("set k 0 0 +1\r\na\r\n")));
    // 4294967297 cut to 32 bits is 1
    assertEquals(List.of("SET k=k v=a"), parseAll(buf("set k 0 0 4294967297\r\na\r\n")));
    assertEquals(
        List.of("SET !" + ErrorLines.BAD_FORMAT + " k=k"),
        parseAll(buf("set k 0 0 2147483648\r\n")));
    ByteBuf in = buf("set k 4294967296 0 1\r\na\r\n");
    parser.parse(in, req);
    assertEquals(0, req.clientFlags());
  }

  @Test
  void badDataChunkConsumesTheDeclaredLengthPlusTwo() {
    assertEquals(
        List.of("SET !" + ErrorLines.BAD_DATA_CHUNK + " k=k", "UNKNOWN !ERROR"),
        parseAll(buf("set k 0 0 3\r\nabcde\r\n")));
  }

  @Test
  void tooLargeValueIsSwallowedWithoutBuffering() {
    RequestParser small = new RequestParser(100);
    ByteBuf in = buf("set k 0 0 200\r\n" + "x".repeat(50));
    assertEquals(ParseResult.REQUEST, small.parse(in, req));
    assertEquals(ErrorLines.TOO_LARGE, req.errorLine());
    assertTrue(small.swallowing());
    assertFalse(in.isReadable());
    in.writeCharSequence("x".repeat(150) + "\r\nget k\r\n", StandardCharsets.ISO_8859_1);
    assertEquals(ParseResult.REQUEST, small.parse(in, req));
    assertEquals(Command.GET, req.command());
  }

  @Test
  void itemSizeLimitCountsHeaderKeyFlagsAndCrlf() {
    // 56 + 1 + 1 + 0 + 40 + 2 = 100: fits exactly
    RequestParser p = new RequestParser(100);
    assertEquals(
        ParseResult.REQUEST, p.parse(buf("set k 0 0 40\r\n" + "v".repeat(40) + "\r\n"), req));
    assertNull(req.errorLine());
    assertEquals(
        ParseResult.REQUEST, p.parse(buf("set k 1 0 40\r\n" + "v".repeat(40) + "\r\n"), req));
    assertEquals(ErrorLines.TOO_LARGE, req.errorLine());
  }

  @Test
  void unterminatedLongLineClosesExceptForGet() {
    assertEquals(List.of("CLOSE"), parseAll(buf("x".repeat(3000))));
    // a multi-get is not closed: it is handed out as its keys arrive (LongMultiGetTest)
    assertTrue(
        parseAll(buf("get " + "k ".repeat(2000))).stream().allMatch(r -> r.startsWith("GET")));
  }

  @Test
  void noreplySilencesClientErrors() {
    assertEquals(
        List.of("INCR !" + ErrorLines.INVALID_DELTA + " (silent) k=k"),
        parseAll(buf("incr k x noreply\r\n")));
  }

  @Test
  void multiGetWithOneOverlongKeyIsRefusedWhole() {
    assertEquals(
        List.of("GET !" + ErrorLines.BAD_FORMAT),
        parseAll(buf("get a " + "k".repeat(251) + " b\r\n")));
  }

  @Test
  void deleteAcceptsOnlyZeroAndNoreply() {
    assertEquals(List.of("DELETE k=k"), parseAll(buf("delete k 0\r\n")));
    assertEquals(List.of("DELETE !" + ErrorLines.DELETE_USAGE), parseAll(buf("delete k 5\r\n")));
  }

  @Test
  void embeddedNulEndsTheLine() {
    assertEquals(List.of("GET k=ab"), parseAll(buf("get ab\0cd\r\n")));
  }

  @Test
  void metaFlagErrorsAreCommandSpecific() {
    assertEquals(
        List.of("META_GET !" + ErrorLines.META_INVALID_FLAG + " k=k"), parseAll(buf("mg k x\r\n")));
    assertEquals(
        List.of("META_GET !" + ErrorLines.META_DUPLICATE_FLAG + " k=k"),
        parseAll(buf("mg k v v\r\n")));
    assertEquals(
        List.of("META_DELETE !" + ErrorLines.META_INVALID_OR_DUPLICATE_FLAG + " k=k"),
        parseAll(buf("md k x\r\n")));
    assertEquals(
        List.of("META_GET !" + ErrorLines.META_OPAQUE_TOO_LONG + " k=k"),
        parseAll(buf("mg k O" + "o".repeat(32) + "\r\n")));
  }

  @Test
  void metaBase64KeyIsDecoded() {
    ByteBuf in = buf("mg Zm9v b v\r\n");
    parser.parse(in, req);
    assertEquals("foo", req.key(0));
    assertTrue(req.binaryKey());
    assertEquals(
        List.of("META_GET !" + ErrorLines.META_KEY_DECODE + " k=Zm9"),
        parseAll(buf("mg Zm9 b\r\n")));
  }

  @Test
  void metaSetErrorSwallowsTheDataBlock() {
    assertEquals(
        List.of("META_SET !" + ErrorLines.META_MS_MODE + " k=k", "META_NOOP"),
        parseAll(buf("ms k 2 MX\r\nhi\r\nmn\r\n")));
  }

  @Test
  void metaSetQuietStillSendsErrors() {
    ByteBuf in = buf("ms k 2 q\r\nhiXX");
    parser.parse(in, req);
    assertEquals(ErrorLines.BAD_DATA_CHUNK, req.errorLine());
    assertFalse(req.suppressReply());
  }

  @Test
  void httpRequestLineCloses() {
    assertEquals(List.of("CLOSE"), parseAll(buf("GET / HTTP/1.1\r\n")));
  }
}
