package io.memkube.protocol.binary;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.Unpooled;

/**
 * One binary-protocol request: the fields of its 24-byte header and its body (extras, key, value,
 * in that order) as {@link #content()}. The holder owns a reference on the body; the handler
 * releases it when done.
 *
 * <p>{@link #framing()} says whether the request came whole, or what the decoder refused about it
 * before reading its body (the body then holds what was read: nothing, or extras and key).
 */
public final class BinaryRequest extends DefaultByteBufHolder {
  /** What the decoder made of the frame. */
  public enum Framing {
    /** The whole body is here. */
    COMPLETE,
    /**
     * The value would make an item over the size limit: only extras and key are here, the value
     * bytes are discarded as they arrive (memcached swallows them), and the connection goes on.
     */
    VALUE_TOO_LARGE,
    /** Key and extras are longer than the body: memcached answers unknown command and closes. */
    BAD_LENGTHS,
    /** The key is over memcached's 250 bytes: memcached answers invalid arguments and closes. */
    KEY_TOO_LONG,
    /** Not a request magic byte: memcached closes without a word. */
    BAD_MAGIC
  }

  private final int opcode;
  private final int keyLength;
  private final int extrasLength;
  private final long bodyLength;
  private final int opaque;
  private final long cas;
  private final Framing framing;

  /**
   * @param opcode the opcode byte (see {@link BinaryOpcode#of})
   * @param bodyLength the body length the header announced
   * @param body extras, key and value as far as they were read
   */
  public BinaryRequest(
      int opcode,
      int keyLength,
      int extrasLength,
      long bodyLength,
      int opaque,
      long cas,
      Framing framing,
      ByteBuf body) {
    super(body);
    this.opcode = opcode;
    this.keyLength = keyLength;
    this.extrasLength = extrasLength;
    this.bodyLength = bodyLength;
    this.opaque = opaque;
    this.cas = cas;
    this.framing = framing;
  }

  /** A request refused on its header alone (nothing of its body read). */
  static BinaryRequest refused(
      int opcode, int keyLength, int extrasLength, int opaque, Framing framing) {
    return new BinaryRequest(
        opcode, keyLength, extrasLength, 0, opaque, 0, framing, Unpooled.EMPTY_BUFFER);
  }

  /** The opcode byte as sent. */
  public int opcode() {
    return opcode;
  }

  public int keyLength() {
    return keyLength;
  }

  public int extrasLength() {
    return extrasLength;
  }

  /** The body length the header announced (extras, key and value). */
  public long bodyLength() {
    return bodyLength;
  }

  /** The value length the header announced. */
  public long valueLength() {
    return bodyLength - keyLength - extrasLength;
  }

  /** Echoed in every response to this request. */
  public int opaque() {
    return opaque;
  }

  /** The CAS of the header (0 = none). */
  public long cas() {
    return cas;
  }

  public Framing framing() {
    return framing;
  }

  /** Absolute index of the extras in {@link #content()}. */
  public int extrasStart() {
    return content().readerIndex();
  }

  /** Absolute index of the key in {@link #content()}. */
  public int keyStart() {
    return content().readerIndex() + extrasLength;
  }

  /** Absolute index of the value in {@link #content()} (valid when {@link Framing#COMPLETE}). */
  public int valueStart() {
    return content().readerIndex() + extrasLength + keyLength;
  }

  @Override
  public String toString() {
    return "BinaryRequest[opcode=0x"
        + Integer.toHexString(opcode)
        + " key="
        + keyLength
        + " extras="
        + extrasLength
        + " body="
        + bodyLength
        + " "
        + framing
        + "]";
  }
}
