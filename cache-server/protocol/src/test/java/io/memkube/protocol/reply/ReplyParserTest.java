package io.memkube.protocol.reply;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.memkube.protocol.Command;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyParserTest {

  private static ByteBuf buf(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void matchesValueBlocksToTheKeysAskedAndFillsMissesInOrder() {
    ByteBuf in = buf("VALUE b 3 2 77\r\nhi\r\nVALUE d 0 1 78\r\nx\r\nEND\r\nSTORED\r\n");
    List<McReply> r = ReplyParser.parseRetrieval(in, List.of(b("a"), b("b"), b("c"), b("d")));
    assertEquals(ReplyKind.MISS, r.get(0).kind());
    assertEquals(ReplyKind.HIT, r.get(1).kind());
    assertEquals(3, r.get(1).flags());
    assertEquals(77, r.get(1).casUnique());
    assertArrayEquals(b("hi"), r.get(1).value());
    assertEquals(ReplyKind.MISS, r.get(2).kind());
    assertArrayEquals(b("x"), r.get(3).value());
    assertEquals("STORED\r\n", in.toString(StandardCharsets.US_ASCII));
  }

  @Test
  void consumesNothingUntilTheWholeReplyIsThere() {
    String whole = "VALUE k 0 5\r\nhello\r\nEND\r\n";
    for (int cut = 0; cut < whole.length(); cut++) {
      ByteBuf in = buf(whole.substring(0, cut));
      assertNull(ReplyParser.parseRetrieval(in, List.of(b("k"))), "cut at " + cut);
      assertEquals(0, in.readerIndex());
    }
  }

  @Test
  void anErrorLineAnswersEveryKeyOfTheBatch() {
    List<McReply> r =
        ReplyParser.parseRetrieval(buf("SERVER_ERROR out of memory\r\n"), List.of(b("a"), b("b")));
    assertEquals(ReplyKind.REMOTE_ERROR, r.get(0).kind());
    assertEquals("out of memory", r.get(1).message());
  }

  @Test
  void readsSingleLineRepliesByOperation() {
    assertEquals(ReplyKind.STORED, ReplyParser.parse(buf("STORED\r\n"), Command.SET).kind());
    assertEquals(42, ReplyParser.parse(buf("42\r\n"), Command.INCR).casUnique());
    assertEquals(
        ReplyKind.NOT_FOUND, ReplyParser.parse(buf("NOT_FOUND\r\n"), Command.DELETE).kind());
    assertEquals(ReplyKind.CLIENT_ERROR, ReplyParser.parse(buf("ERROR\r\n"), Command.SET).kind());
    McReply meta = ReplyParser.parse(buf("VA 2 f5\r\nhi\r\n"), Command.META_GET);
    assertEquals(ReplyKind.META_OK, meta.kind());
    assertEquals("VA 2 f5\r\nhi\r\n", new String(meta.value(), StandardCharsets.US_ASCII));
    assertEquals(ReplyKind.META_MISS, ReplyParser.parse(buf("EN\r\n"), Command.META_GET).kind());
    assertNull(ReplyParser.parse(buf("VA 2\r\nh"), Command.META_GET));
  }

  @Test
  void refusesAReplyThatAnswersNothingAsked() {
    assertThrows(
        ReplyParser.BadReplyException.class,
        () -> ReplyParser.parseRetrieval(buf("VALUE zz 0 1\r\nx\r\nEND\r\n"), List.of(b("a"))));
    assertThrows(
        ReplyParser.BadReplyException.class, () -> ReplyParser.parse(buf("WHAT\r\n"), Command.SET));
  }

  @Test
  void readsALineKeyByKeyWithMissesConsumingNothing() {
    ByteBuf in = buf("VALUE b 3 2 77\r\nhi\r\nVALUE d 0 1\r\nx\r\nEND\r\nSTORED\r\n");
    assertEquals(ReplyKind.MISS, ReplyParser.parseRetrievalKey(in, b("a"), false).kind());
    assertEquals(0, in.readerIndex());
    McReply hit = ReplyParser.parseRetrievalKey(in, b("b"), false);
    assertEquals(ReplyKind.HIT, hit.kind());
    assertEquals(3, hit.flags());
    assertEquals(77, hit.casUnique());
    assertArrayEquals(b("hi"), hit.value());
    assertEquals(ReplyKind.MISS, ReplyParser.parseRetrievalKey(in, b("c"), false).kind());
    assertArrayEquals(b("x"), ReplyParser.parseRetrievalKey(in, b("d"), true).value());
    assertEquals("STORED\r\n", in.toString(StandardCharsets.US_ASCII));
  }

  @Test
  void theLastKeyOfALineConsumesItsEnd() {
    ByteBuf in = buf("END\r\nEND\r\n");
    assertEquals(ReplyKind.MISS, ReplyParser.parseRetrievalKey(in, b("a"), false).kind());
    assertEquals(ReplyKind.MISS, ReplyParser.parseRetrievalKey(in, b("b"), true).kind());
    assertEquals("END\r\n", in.toString(StandardCharsets.US_ASCII));
  }

  @Test
  void aKeyIsNotReadUntilItsValueAndForTheLastKeyTheEndAreThere() {
    String whole = "VALUE k 0 5\r\nhello\r\nEND\r\n";
    for (int cut = 0; cut < whole.length(); cut++) {
      ByteBuf in = buf(whole.substring(0, cut));
      assertNull(ReplyParser.parseRetrievalKey(in, b("k"), true), "cut at " + cut);
      assertEquals(0, in.readerIndex());
    }
    String value = "VALUE k 0 5\r\nhello\r\n";
    for (int cut = 0; cut < value.length(); cut++) {
      assertNull(ReplyParser.parseRetrievalKey(buf(value.substring(0, cut)), b("k"), false));
    }
    assertArrayEquals(b("hello"), ReplyParser.parseRetrievalKey(buf(value), b("k"), false).value());
  }

  @Test
  void anErrorLineIsConsumedByTheKeyItMeets() {
    ByteBuf in = buf("SERVER_ERROR out of memory\r\nEND\r\n");
    McReply r = ReplyParser.parseRetrievalKey(in, b("a"), false);
    assertEquals(ReplyKind.REMOTE_ERROR, r.kind());
    assertEquals("END\r\n", in.toString(StandardCharsets.US_ASCII));
  }

  @Test
  void aValueForAKeyNotAskedAtTheEndOfALineIsABadReply() {
    assertThrows(
        ReplyParser.BadReplyException.class,
        () -> ReplyParser.parseRetrievalKey(buf("VALUE zz 0 1\r\nx\r\nEND\r\n"), b("a"), true));
  }
}
