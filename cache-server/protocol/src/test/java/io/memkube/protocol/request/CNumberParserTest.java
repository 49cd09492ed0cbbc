package io.memkube.protocol.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CNumberParserTest {
  private final CNumberParser p = new CNumberParser();

  private static ByteBuf b(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
  }

  private boolean u64(String s) {
    ByteBuf buf = b(s);
    return p.strtoull(buf, 0, buf.writerIndex());
  }

  @Test
  void unsigned64AcceptsTheFullRangeButNoWrappedNegatives() {
    assertTrue(u64("18446744073709551615"));
    assertEquals(-1L, p.value());
    assertTrue(u64("9223372036854775808"));
    assertEquals(Long.MIN_VALUE, p.value());
    assertFalse(u64("18446744073709551616"));
    assertFalse(u64("-1"));
    assertTrue(u64("-0"));
    assertFalse(u64("12a"));
    assertTrue(u64("12\t"));
    assertTrue(u64("\t12"));
    assertFalse(u64(""));
    assertFalse(u64("+"));
  }

  @Test
  void signed32CutsLikeCAssignment() {
    ByteBuf buf = b("4294967297");
    assertTrue(p.strtol32(buf, 0, buf.writerIndex()));
    assertEquals(1, p.value());
    buf = b("-5");
    assertTrue(p.strtol32(buf, 0, buf.writerIndex()));
    assertEquals(-5, p.value());
    buf = b("9223372036854775808");
    assertFalse(p.strtol32(buf, 0, buf.writerIndex()));
  }

  @Test
  void unsigned32RefusesNegativesAndCutsLargeValues() {
    ByteBuf buf = b("4294967296");
    assertTrue(p.strtoul32(buf, 0, buf.writerIndex()));
    assertEquals(0, p.value());
    buf = b("-1");
    assertFalse(p.strtoul32(buf, 0, buf.writerIndex()));
  }
}
