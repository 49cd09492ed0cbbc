package io.memkube.protocol.binary;

import io.memkube.protocol.codec.WritabilityGatedDecoder;
import io.memkube.protocol.request.RequestParser;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.util.List;

/**
 * The inbound half of a binary-protocol server pipeline: frames client bytes into {@link
 * BinaryRequest}s with memcached 1.6.18's limits, and takes no request while the client does not
 * read its replies ({@link WritabilityGatedDecoder}).
 *
 * <p>Limits: a key over {@value #KEY_MAX_LENGTH} bytes, or key and extras longer than the body, end
 * the connection after the request they came in ({@link BinaryRequest.Framing}); a value that would
 * make an item over the item size limit ({@code -I}) is not buffered: the request comes out with
 * its extras and key only, and the value's bytes are discarded as they arrive. So at most the
 * header, 255 bytes of extras, 250 of key and one value within the limit are ever held.
 */
public final class BinaryRequestDecoder extends WritabilityGatedDecoder {
  /** Every request and response starts with a header of this many bytes. */
  public static final int HEADER_LENGTH = 24;

  /** The magic byte of every request (a connection whose first byte is this speaks binary). */
  public static final int REQUEST_MAGIC = 0x80;

  /** memcached's KEY_MAX_LENGTH. */
  public static final int KEY_MAX_LENGTH = 250;

  private final long itemSizeMax;

  /** Bytes of a refused value still to be discarded. */
  private long discardRemaining;

  /** After a request that ends the connection, the rest of the input is discarded unread. */
  private boolean closed;

  /**
   * @param itemSizeMax memcached's {@code -I}: larger values are refused and discarded unbuffered
   */
  public BinaryRequestDecoder(long itemSizeMax) {
    this.itemSizeMax = itemSizeMax;
  }

  /**
   * Frames every request of a buffer that holds whole requests and nothing more (a UDP datagram): a
   * request cut off by its end is left unread, as memcached leaves it unanswered.
   */
  public void frameAll(ByteBuf in, List<Object> out) {
    int before;
    do {
      before = out.size();
      decodeRequests(null, in, out);
    } while (out.size() > before && in.isReadable() && !closed);
  }

  @Override
  protected void decodeRequests(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (closed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (discardRemaining > 0) {
      int n = (int) Math.min(discardRemaining, in.readableBytes());
      in.skipBytes(n);
      discardRemaining -= n;
      if (discardRemaining > 0) {
        return;
      }
    }
    if (!in.isReadable()) {
      return;
    }
    int start = in.readerIndex();
    if (in.getUnsignedByte(start) != REQUEST_MAGIC) {
      end(in, out, BinaryRequest.refused(0, 0, 0, 0, BinaryRequest.Framing.BAD_MAGIC));
      return;
    }
    if (in.readableBytes() < HEADER_LENGTH) {
      return;
    }
    int opcode = in.getUnsignedByte(start + 1);
    int keyLength = in.getUnsignedShort(start + 2);
    int extrasLength = in.getUnsignedByte(start + 4);
    long bodyLength = in.getUnsignedInt(start + 8);
    int opaque = in.getInt(start + 12);
    long cas = in.getLong(start + 16);
    if (keyLength + extrasLength > bodyLength) {
      end(
          in,
          out,
          BinaryRequest.refused(
              opcode, keyLength, extrasLength, opaque, BinaryRequest.Framing.BAD_LENGTHS));
      return;
    }
    if (keyLength > KEY_MAX_LENGTH) {
      end(
          in,
          out,
          BinaryRequest.refused(
              opcode, keyLength, extrasLength, opaque, BinaryRequest.Framing.KEY_TOO_LONG));
      return;
    }
    int prefix = HEADER_LENGTH + extrasLength + keyLength;
    if (in.readableBytes() < prefix) {
      return;
    }
    long valueLength = bodyLength - keyLength - extrasLength;
    // the client flags are the first extras of the storage commands, and count in an item's size
    long flags = extrasLength >= 4 ? in.getUnsignedInt(start + HEADER_LENGTH) : 0;
    if (RequestParser.itemSize(keyLength, flags, valueLength) > itemSizeMax) {
      ByteBuf head = in.retainedSlice(start + HEADER_LENGTH, extrasLength + keyLength);
      in.skipBytes(prefix);
      discardRemaining = valueLength;
      out.add(
          new BinaryRequest(
              opcode,
              keyLength,
              extrasLength,
              bodyLength,
              opaque,
              cas,
              BinaryRequest.Framing.VALUE_TOO_LARGE,
              head));
      return;
    }
    if (in.readableBytes() < HEADER_LENGTH + bodyLength) {
      return;
    }
    ByteBuf body = in.retainedSlice(start + HEADER_LENGTH, (int) bodyLength);
    in.skipBytes(HEADER_LENGTH + (int) bodyLength);
    out.add(
        new BinaryRequest(
            opcode,
            keyLength,
            extrasLength,
            bodyLength,
            opaque,
            cas,
            BinaryRequest.Framing.COMPLETE,
            body));
  }

  private void end(ByteBuf in, List<Object> out, BinaryRequest last) {
    closed = true;
    in.skipBytes(in.readableBytes());
    out.add(last);
  }
}
