package io.memkube.cacheserver.watch;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;

/**
 * Builds the body of one watcher line (what follows {@code ts= gid=}), with keys URI-encoded as
 * memcached encodes them: unreserved characters as they are, every other byte as {@code %XX}.
 */
public final class LogLine {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
  private final StringBuilder b = new StringBuilder(128);

  public LogLine(String type) {
    b.append("type=").append(type);
  }

  public LogLine field(String name, String value) {
    b.append(' ').append(name).append('=').append(value);
    return this;
  }

  public LogLine field(String name, long value) {
    b.append(' ').append(name).append('=').append(value);
    return this;
  }

  /** {@code key=} with the key's bytes {@code [start, start + length)} of {@code buf}. */
  public LogLine key(ByteBuf buf, int start, int length) {
    b.append(" key=");
    for (int i = 0; i < length; i++) {
      encode(buf.getByte(start + i));
    }
    return this;
  }

  /** {@code key=} with the key's bytes in an item page. */
  public LogLine key(ByteBuffer page, int start, int length) {
    b.append(" key=");
    for (int i = 0; i < length; i++) {
      encode(page.get(start + i));
    }
    return this;
  }

  private void encode(byte v) {
    uriEncode(b, v);
  }

  /** Appends one key byte as memcached's logger and metadump write it. */
  public static void uriEncode(StringBuilder b, byte v) {
    int c = v & 0xFF;
    if ((c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~') {
      b.append((char) c);
    } else {
      b.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
    }
  }

  @Override
  public String toString() {
    return b.toString();
  }
}
