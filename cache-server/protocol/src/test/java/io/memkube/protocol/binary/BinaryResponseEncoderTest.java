package io.memkube.protocol.binary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The response header memcached's clients parse, in front of the body as given. */
class BinaryResponseEncoderTest {
  private static ByteBuf encode(BinaryResponse r) {
    EmbeddedChannel ch = new EmbeddedChannel(new BinaryResponseEncoder());
    ch.writeOutbound(r);
    ByteBuf all = Unpooled.buffer();
    for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
      all.writeBytes(b);
      b.release();
    }
    ch.finishAndReleaseAll();
    return all;
  }

  @Test
  void aHitCarriesOpcodeLengthsOpaqueAndCasInTheHeader() {
    ByteBuf body =
        Unpooled.buffer().writeInt(19).writeBytes("k".getBytes()).writeBytes("val".getBytes());
    ByteBuf wire =
        encode(
            new BinaryResponse(BinaryOpcode.GETK.code(), BinaryStatus.SUCCESS, 77, 5L, 4, 1, body));
    assertEquals(0x81, wire.getUnsignedByte(0));
    assertEquals(0x0c, wire.getUnsignedByte(1));
    assertEquals(1, wire.getUnsignedShort(2), "key length");
    assertEquals(4, wire.getUnsignedByte(4), "extras length");
    assertEquals(0, wire.getUnsignedShort(6), "status");
    assertEquals(8, wire.getInt(8), "body length");
    assertEquals(77, wire.getInt(12), "opaque");
    assertEquals(5L, wire.getLong(16), "cas");
    assertEquals(32, wire.readableBytes());
  }

  @Test
  void anErrorCarriesMemcachedsTextAsItsBody() {
    ByteBuf wire =
        encode(BinaryResponse.error(BinaryOpcode.GET.code(), BinaryStatus.KEY_NOT_FOUND, 3));
    assertEquals(1, wire.getUnsignedShort(6));
    assertEquals("Not found", wire.toString(24, wire.getInt(8), StandardCharsets.US_ASCII));
  }
}
