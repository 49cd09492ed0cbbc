package io.memkube.protocol.binary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Framing of binary requests: split reads, memcached's limits, and values refused unbuffered. */
class BinaryRequestDecoderTest {
  private static final int ITEM_SIZE_MAX = 1024 * 1024;

  /** A request as memcached's t/binary.t builds one: header, extras, key, value. */
  private static ByteBuf request(
      int opcode, String key, byte[] extras, int valueLength, int opaque) {
    byte[] k = key.getBytes(StandardCharsets.US_ASCII);
    ByteBuf b = Unpooled.buffer();
    b.writeByte(BinaryRequestDecoder.REQUEST_MAGIC);
    b.writeByte(opcode);
    b.writeShort(k.length);
    b.writeByte(extras.length);
    b.writeByte(0);
    b.writeShort(0);
    b.writeInt(extras.length + k.length + valueLength);
    b.writeInt(opaque);
    b.writeLong(0);
    b.writeBytes(extras);
    b.writeBytes(k);
    for (int i = 0; i < valueLength; i++) {
      b.writeByte('v');
    }
    return b;
  }

  private static byte[] setExtras() {
    return new byte[] {0, 0, 0, 19, 0, 0, 0, 0};
  }

  private static List<BinaryRequest> drain(EmbeddedChannel ch) {
    List<BinaryRequest> out = new ArrayList<>();
    for (Object o; (o = ch.readInbound()) != null; ) {
      out.add((BinaryRequest) o);
    }
    return out;
  }

  @Test
  void requestsSplitAtEveryByteComeOutWhole() {
    ByteBuf wire = Unpooled.buffer();
    wire.writeBytes(request(BinaryOpcode.SETQ.code(), "key", setExtras(), 5, 7));
    wire.writeBytes(request(BinaryOpcode.NOOP.code(), "", new byte[0], 0, 8));
    EmbeddedChannel ch = new EmbeddedChannel(new BinaryRequestDecoder(ITEM_SIZE_MAX));
    List<BinaryRequest> got = new ArrayList<>();
    while (wire.isReadable()) {
      ch.writeInbound(wire.readRetainedSlice(1));
      got.addAll(drain(ch));
    }
    assertEquals(2, got.size());
    BinaryRequest set = got.get(0);
    assertEquals(BinaryOpcode.SETQ.code(), set.opcode());
    assertEquals(BinaryRequest.Framing.COMPLETE, set.framing());
    assertEquals(7, set.opaque());
    assertEquals(19, set.content().getInt(set.extrasStart()));
    assertEquals(
        "key", set.content().toString(set.keyStart(), set.keyLength(), StandardCharsets.US_ASCII));
    assertEquals(5, set.valueLength());
    assertEquals('v', set.content().getByte(set.valueStart()));
    assertEquals(8, got.get(1).opaque());
    got.forEach(BinaryRequest::release);
    ch.finishAndReleaseAll();
  }

  @Test
  void aValueOverTheItemSizeLimitIsRefusedWithoutBeingBufferedAndTheNextRequestFollows() {
    EmbeddedChannel ch = new EmbeddedChannel(new BinaryRequestDecoder(ITEM_SIZE_MAX));
    int big = ITEM_SIZE_MAX + 1;
    ByteBuf wire = request(BinaryOpcode.SET.code(), "toobig", setExtras(), big, 1);
    wire.writeBytes(request(BinaryOpcode.NOOP.code(), "", new byte[0], 0, 2));
    ch.writeInbound(wire.readRetainedSlice(24 + 8 + 6 + 1000));
    List<BinaryRequest> got = drain(ch);
    assertEquals(1, got.size(), "refused as soon as extras and key are in");
    assertEquals(BinaryRequest.Framing.VALUE_TOO_LARGE, got.get(0).framing());
    assertEquals(14, got.get(0).content().readableBytes(), "extras and key only");
    got.get(0).release();
    while (wire.isReadable()) {
      ch.writeInbound(wire.readRetainedSlice(Math.min(64 * 1024, wire.readableBytes())));
      for (BinaryRequest r : drain(ch)) {
        assertEquals(BinaryOpcode.NOOP.code(), r.opcode());
        assertEquals(2, r.opaque());
        r.release();
        assertTrue(!wire.isReadable(), "the noop comes after the whole value");
      }
    }
    ch.finishAndReleaseAll();
    wire.release();
  }

  @Test
  void aKeyOverMemcachedsLimitEndsTheConnectionWithItsOpaque() {
    EmbeddedChannel ch = new EmbeddedChannel(new BinaryRequestDecoder(ITEM_SIZE_MAX));
    ch.writeInbound(request(BinaryOpcode.GET.code(), "x".repeat(251), new byte[0], 0, 42));
    ch.writeInbound(request(BinaryOpcode.NOOP.code(), "", new byte[0], 0, 43));
    List<BinaryRequest> got = drain(ch);
    assertEquals(1, got.size(), "nothing after it is decoded");
    assertEquals(BinaryRequest.Framing.KEY_TOO_LONG, got.get(0).framing());
    assertEquals(42, got.get(0).opaque());
    ch.finishAndReleaseAll();
  }

  @Test
  void aByteThatIsNotTheRequestMagicEndsTheConnection() {
    EmbeddedChannel ch = new EmbeddedChannel(new BinaryRequestDecoder(ITEM_SIZE_MAX));
    ch.writeInbound(Unpooled.copiedBuffer("Here's a bunch of garbage", StandardCharsets.US_ASCII));
    BinaryRequest r = ch.readInbound();
    assertEquals(BinaryRequest.Framing.BAD_MAGIC, r.framing());
    assertNull(ch.readInbound());
    ch.finishAndReleaseAll();
  }

  @Test
  void keyAndExtrasLongerThanTheBodyEndTheConnection() {
    EmbeddedChannel ch = new EmbeddedChannel(new BinaryRequestDecoder(ITEM_SIZE_MAX));
    ByteBuf b = request(BinaryOpcode.GET.code(), "key", new byte[0], 0, 5);
    b.setInt(8, 2); // body length 2 < key length 3
    ch.writeInbound(b);
    BinaryRequest r = ch.readInbound();
    assertEquals(BinaryRequest.Framing.BAD_LENGTHS, r.framing());
    ch.finishAndReleaseAll();
  }
}
