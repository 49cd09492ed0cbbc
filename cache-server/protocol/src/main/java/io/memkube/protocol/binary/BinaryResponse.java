package io.memkube.protocol.binary;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.Unpooled;

/**
 * One binary-protocol response: header fields and a body of extras, key and value in that order
 * ({@link #content()}); {@link BinaryResponseEncoder} writes the header in front of it.
 */
public final class BinaryResponse extends DefaultByteBufHolder {
  private final int opcode;
  private final BinaryStatus status;
  private final int opaque;
  private final long cas;
  private final int extrasLength;
  private final int keyLength;

  /**
   * @param body extras, then key, then value; the response takes over the caller's reference
   */
  public BinaryResponse(
      int opcode,
      BinaryStatus status,
      int opaque,
      long cas,
      int extrasLength,
      int keyLength,
      ByteBuf body) {
    super(body);
    this.opcode = opcode;
    this.status = status;
    this.opaque = opaque;
    this.cas = cas;
    this.extrasLength = extrasLength;
    this.keyLength = keyLength;
  }

  /** A response without a body (a success that returns nothing, or a stats terminator). */
  public static BinaryResponse empty(int opcode, int opaque, long cas) {
    return new BinaryResponse(
        opcode, BinaryStatus.SUCCESS, opaque, cas, 0, 0, Unpooled.EMPTY_BUFFER);
  }

  /** An error response whose body is memcached's text for {@code status}. */
  public static BinaryResponse error(int opcode, BinaryStatus status, int opaque) {
    return new BinaryResponse(
        opcode, status, opaque, 0, 0, 0, Unpooled.wrappedBuffer(status.messageBytes()));
  }

  public int opcode() {
    return opcode;
  }

  public BinaryStatus status() {
    return status;
  }

  public int opaque() {
    return opaque;
  }

  public long cas() {
    return cas;
  }

  public int extrasLength() {
    return extrasLength;
  }

  public int keyLength() {
    return keyLength;
  }

  /** Header and body: the bytes this response takes on the wire. */
  public int wireLength() {
    return BinaryRequestDecoder.HEADER_LENGTH + content().readableBytes();
  }
}
