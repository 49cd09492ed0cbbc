package io.memkube.protocol.request;

import io.netty.buffer.ByteBuf;

/**
 * Base64 for meta-protocol keys ({@code b} flag), with the tolerance of memcached's decoder:
 * characters outside the alphabet are skipped, the count of alphabet characters must be a non-zero
 * multiple of four, and decoding stops at the first padded block.
 */
public final class Base64Key {
  private static final byte[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] DECODE = new byte[256];

  static {
    java.util.Arrays.fill(DECODE, (byte) -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      DECODE[ALPHABET[i]] = (byte) i;
    }
    DECODE['='] = 0;
  }

  private Base64Key() {}

  /**
   * Decodes {@code len} bytes of {@code src} from {@code start} into {@code dst} (cleared first).
   *
   * @return the decoded length, or 0 when the input is not valid base64 (memcached's failure value)
   */
  public static int decode(ByteBuf src, int start, int len, ByteBuf dst) {
    dst.clear();
    int valid = 0;
    for (int i = 0; i < len; i++) {
      if (DECODE[src.getByte(start + i) & 0xFF] >= 0) {
        valid++;
      }
    }
    if (valid == 0 || valid % 4 != 0) {
      return 0;
    }
    int[] block = new int[4];
    int count = 0;
    int pad = 0;
    for (int i = 0; i < len; i++) {
      int c = src.getByte(start + i) & 0xFF;
      int v = DECODE[c];
      if (v < 0) {
        continue;
      }
      if (c == '=') {
        pad++;
      }
      block[count++] = v;
      if (count == 4) {
        dst.writeByte((block[0] << 2) | (block[1] >> 4));
        dst.writeByte((block[1] << 4) | (block[2] >> 2));
        dst.writeByte((block[2] << 6) | block[3]);
        count = 0;
        if (pad > 0) {
          if (pad > 2) {
            dst.clear();
            return 0;
          }
          dst.writerIndex(dst.writerIndex() - pad);
          break;
        }
      }
    }
    return dst.readableBytes();
  }

  /**
   * Encodes {@code len} bytes of {@code src} from {@code start}, with padding, onto {@code out}.
   */
  public static void encode(ByteBuf src, int start, int len, ByteBuf out) {
    int i = 0;
    for (; i + 3 <= len; i += 3) {
      int n =
          (src.getByte(start + i) & 0xFF) << 16
              | (src.getByte(start + i + 1) & 0xFF) << 8
              | (src.getByte(start + i + 2) & 0xFF);
      out.writeByte(ALPHABET[(n >> 18) & 63]);
      out.writeByte(ALPHABET[(n >> 12) & 63]);
      out.writeByte(ALPHABET[(n >> 6) & 63]);
      out.writeByte(ALPHABET[n & 63]);
    }
    int rest = len - i;
    if (rest > 0) {
      int n = (src.getByte(start + i) & 0xFF) << 16;
      if (rest == 2) {
        n |= (src.getByte(start + i + 1) & 0xFF) << 8;
      }
      out.writeByte(ALPHABET[(n >> 18) & 63]);
      out.writeByte(ALPHABET[(n >> 12) & 63]);
      out.writeByte(rest == 2 ? ALPHABET[(n >> 6) & 63] : '=');
      out.writeByte('=');
    }
  }
}
