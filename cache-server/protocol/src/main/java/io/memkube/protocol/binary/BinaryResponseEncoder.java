package io.memkube.protocol.binary;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Writes {@link BinaryResponse}s: a 24-byte header in front of the body, which goes out as it is
 * (not copied). Other messages pass through, so a text handler behind it can still write bytes.
 */
@Sharable
public final class BinaryResponseEncoder extends MessageToMessageEncoder<BinaryResponse> {
  /** The magic byte of every response. */
  public static final int RESPONSE_MAGIC = 0x81;

  public BinaryResponseEncoder() {
    super(BinaryResponse.class);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, BinaryResponse msg, List<Object> out) {
    ByteBuf body = msg.content();
    ByteBuf header = ctx.alloc().ioBuffer(BinaryRequestDecoder.HEADER_LENGTH);
    writeHeader(msg, header);
    out.add(header);
    if (body.isReadable()) {
      out.add(body.retain()); // the encoder releases msg, and with it one reference on body
    }
  }

  /**
   * Writes the whole response, header and body, into {@code out} (a UDP reply, where it cannot go
   * as two buffers); {@code msg} stays the caller's to release.
   */
  public static void encodeInto(BinaryResponse msg, ByteBuf out) {
    writeHeader(msg, out);
    out.writeBytes(msg.content(), msg.content().readerIndex(), msg.content().readableBytes());
  }

  private static void writeHeader(BinaryResponse msg, ByteBuf header) {
    header.writeByte(RESPONSE_MAGIC);
    header.writeByte(msg.opcode());
    header.writeShort(msg.keyLength());
    header.writeByte(msg.extrasLength());
    header.writeByte(0); // data type: raw bytes
    header.writeShort(msg.status().code());
    header.writeInt(msg.content().readableBytes());
    header.writeInt(msg.opaque());
    header.writeLong(msg.cas());
  }
}
