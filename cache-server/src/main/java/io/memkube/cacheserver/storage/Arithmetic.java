package io.memkube.cacheserver.storage;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * memcached's {@code do_add_delta}: incr wraps at 2^64, decr stops at 0, the value must parse as an
 * unsigned 64-bit number, and a result no longer than the old value is written in place padded with
 * spaces (CAS still bumped); a longer one becomes a new item with the same flags and exptime.
 */
public final class Arithmetic {
  /** The outcome of {@link #apply}. */
  public enum Result {
    OK,
    NON_NUMERIC,
    NOT_FOUND,
    NO_MEMORY,
    EXISTS
  }

  /** The result of the last successful {@link #apply}, as an unsigned value. */
  public long value;

  /** CAS of the item after the last successful apply. */
  public long cas;

  private final ByteBuf digits = io.netty.buffer.Unpooled.buffer(24);

  /** Applies the delta to the item {@code h} has found (the caller checks found()). */
  public Result apply(CacheHandle h, boolean incr, long delta, long casCompare) {
    if (casCompare != 0 && casCompare != h.cas()) {
      return Result.EXISTS;
    }
    int len = h.valueLength();
    long v = 0;
    // strtoull over "<value>\r\n": leading space allowed, then digits, then space or end
    int i = 0;
    while (i < len && isSpace(h.valueByte(i))) {
      i++;
    }
    boolean neg = false;
    if (i < len && (h.valueByte(i) == '+' || h.valueByte(i) == '-')) {
      neg = h.valueByte(i) == '-';
      i++;
    }
    int digitsStart = i;
    boolean overflow = false;
    for (; i < len; i++) {
      int d = h.valueByte(i) - '0';
      if (d < 0 || d > 9) {
        break;
      }
      long lo = v * 10;
      long sum = lo + d;
      if (Math.unsignedMultiplyHigh(v, 10) != 0 || Long.compareUnsigned(sum, lo) < 0) {
        overflow = true;
      }
      v = sum;
    }
    if (i == digitsStart || overflow || (i < len && !isSpace(h.valueByte(i)))) {
      return Result.NON_NUMERIC;
    }
    if (neg) {
      v = -v;
      if (v < 0) {
        return Result.NON_NUMERIC;
      }
    }
    if (incr) {
      v += delta;
    } else {
      v = Long.compareUnsigned(delta, v) > 0 ? 0 : v - delta;
    }
    value = v;
    digits.clear();
    digits.writeCharSequence(Long.toUnsignedString(v), StandardCharsets.US_ASCII);
    int res = digits.readableBytes();
    if (res <= len) {
      for (int j = 0; j < res; j++) {
        h.setValueByte(j, digits.getByte(j));
      }
      for (int j = res; j < len; j++) {
        h.setValueByte(j, (byte) ' ');
      }
      cas = h.cache().nextCas();
      h.setCas(cas);
      return Result.OK;
    }
    long flags = h.flags();
    int exptime = h.exptime();
    if (!h.allocate(flags, exptime, res)) {
      return Result.NO_MEMORY;
    }
    h.putValue(0, digits, 0, res);
    cas = h.linkNew();
    return Result.OK;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || (b >= '\t' && b <= '\r');
  }
}
