package io.memkube.cacheserver.command;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** memcached's reply lines as bytes, and helpers to write numbers without allocating. */
final class Replies {
  static final byte[] CRLF = ascii("\r\n");
  static final byte[] STORED = ascii("STORED\r\n");
  static final byte[] NOT_STORED = ascii("NOT_STORED\r\n");
  static final byte[] EXISTS = ascii("EXISTS\r\n");
  static final byte[] NOT_FOUND = ascii("NOT_FOUND\r\n");
  static final byte[] DELETED = ascii("DELETED\r\n");
  static final byte[] TOUCHED = ascii("TOUCHED\r\n");
  static final byte[] END = ascii("END\r\n");
  static final byte[] OK = ascii("OK\r\n");
  static final byte[] VALUE = ascii("VALUE ");
  static final byte[] RESET = ascii("RESET\r\n");

  /** {@code flush_all} under {@code -F}. */
  static final String FLUSH_NOT_ALLOWED = "CLIENT_ERROR flush_all not allowed";

  private Replies() {}

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static void line(ByteBuf out, String s) {
    out.writeCharSequence(s, StandardCharsets.ISO_8859_1);
    out.writeBytes(CRLF);
  }

  /** Writes an unsigned 64-bit number in decimal. */
  static void unsigned(ByteBuf out, long v) {
    if (v >= 0) {
      decimal(out, v);
    } else {
      out.writeCharSequence(Long.toUnsignedString(v), StandardCharsets.US_ASCII);
    }
  }

  /** Writes a non-negative number in decimal. */
  static void decimal(ByteBuf out, long v) {
    if (v < 10) {
      out.writeByte((int) ('0' + v));
      return;
    }
    int digits = 0;
    for (long t = v; t > 0; t /= 10) {
      digits++;
    }
    out.ensureWritable(digits);
    int w = out.writerIndex();
    for (int i = digits - 1; i >= 0; i--) {
      out.setByte(w + i, (int) ('0' + v % 10));
      v /= 10;
    }
    out.writerIndex(w + digits);
  }

  /** Writes a signed 32-bit number in decimal. */
  static void signed(ByteBuf out, long v) {
    if (v < 0) {
      out.writeByte('-');
      decimal(out, -v);
    } else {
      decimal(out, v);
    }
  }
}
