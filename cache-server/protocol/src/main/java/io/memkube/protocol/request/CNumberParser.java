package io.memkube.protocol.request;

import io.netty.buffer.ByteBuf;

/**
 * Numbers parsed from request tokens the way memcached's {@code safe_strto*} helpers do: C's {@code
 * strtol} family (leading white space, optional sign, base 10), then the token must end after the
 * digits or at a white-space character, and the result is cut to the target width as C assignment
 * cuts it. Memcached's replies to odd numbers ({@code +5}, {@code 4294967297}, a tab after the
 * digits) follow from those rules, so they are reproduced here rather than using {@link
 * Long#parseLong}.
 *
 * <p>Each method returns whether the token was accepted and leaves the result in {@link #value()};
 * an instance is reused by one parser (not thread-safe, allocation-free).
 */
public final class CNumberParser {
  private long value;

  /** The result of the last successful parse. */
  public long value() {
    return value;
  }

  /** memcached's {@code safe_strtol}: a signed 64-bit {@code strtol} result cut to 32 bits. */
  public boolean strtol32(ByteBuf buf, int start, int end) {
    if (!parse(buf, start, end, true)) {
      return false;
    }
    value = (int) value;
    return true;
  }

  /**
   * memcached's {@code safe_strtoul} for 32-bit targets (client flags): an unsigned 64-bit value
   * cut to 32 bits, refused when it came from a negative number; result is in 0..2^32-1.
   */
  public boolean strtoul32(ByteBuf buf, int start, int end) {
    if (!parse(buf, start, end, false)) {
      return false;
    }
    value &= 0xFFFF_FFFFL;
    return true;
  }

  /**
   * memcached's {@code safe_strtoull}: an unsigned 64-bit value (held in a long's bits), refused
   * when a minus sign produced a result with the top bit set.
   */
  public boolean strtoull(ByteBuf buf, int start, int end) {
    return parse(buf, start, end, false);
  }

  private boolean parse(ByteBuf buf, int start, int end, boolean signedLong) {
    int i = start;
    while (i < end && isCSpace(buf.getByte(i))) {
      i++;
    }
    boolean negative = false;
    if (i < end && (buf.getByte(i) == '+' || buf.getByte(i) == '-')) {
      negative = buf.getByte(i) == '-';
      i++;
    }
    int digitsStart = i;
    long magnitude = 0;
    boolean overflow = false;
    while (i < end) {
      int d = buf.getByte(i) - '0';
      if (d < 0 || d > 9) {
        break;
      }
      if (!overflow) {
        long lo = magnitude * 10;
        long sum = lo + d;
        if (Math.unsignedMultiplyHigh(magnitude, 10) != 0 || Long.compareUnsigned(sum, lo) < 0) {
          overflow = true;
        } else {
          magnitude = sum;
        }
      }
      i++;
    }
    if (i == digitsStart) {
      return false; // no digits: C's str == endptr
    }
    if (i < end && !isCSpace(buf.getByte(i))) {
      return false; // trailing garbage
    }
    if (overflow) {
      return false; // ERANGE
    }
    if (signedLong) {
      if (negative) {
        if (Long.compareUnsigned(magnitude, Long.MIN_VALUE) > 0) {
          return false;
        }
        value = -magnitude;
      } else {
        if (magnitude < 0) {
          return false;
        }
        value = magnitude;
      }
      return true;
    }
    long result = negative ? -magnitude : magnitude;
    if (result < 0 && negative) {
      return false;
    }
    value = result;
    return true;
  }

  /** C's {@code isspace} in the "C" locale. */
  static boolean isCSpace(byte b) {
    return b == ' ' || (b >= '\t' && b <= '\r');
  }
}
