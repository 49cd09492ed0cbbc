package io.memkube.protocol.reply;

import io.memkube.protocol.request.RequestEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/** Writes replies to clients byte for byte as memcached would. */
public final class ReplyEncoder {
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] VALUE = {'V', 'A', 'L', 'U', 'E', ' '};
  public static final byte[] END = {'E', 'N', 'D', '\r', '\n'};

  private ReplyEncoder() {}

  /** One key's part of a retrieval reply: a VALUE block for a hit, nothing for a miss. */
  public static void encodeValue(byte[] clientKey, McReply reply, boolean withCas, ByteBuf out) {
    if (reply.kind() != ReplyKind.HIT) {
      return;
    }
    out.writeBytes(VALUE);
    out.writeBytes(clientKey);
    out.writeByte(' ');
    ByteBufUtil.writeAscii(out, Long.toString(reply.flags()));
    out.writeByte(' ');
    RequestEncoder.writeNumber(out, reply.value().length);
    if (withCas) {
      out.writeByte(' ');
      ByteBufUtil.writeAscii(out, Long.toUnsignedString(reply.casUnique()));
    }
    out.writeBytes(CRLF);
    out.writeBytes(reply.value());
    out.writeBytes(CRLF);
  }

  /** The reply to a single-key command other than a classic retrieval. */
  public static void encode(McReply reply, ByteBuf out) {
    switch (reply.kind()) {
      case STORED -> ByteBufUtil.writeAscii(out, "STORED\r\n");
      case NOT_STORED -> ByteBufUtil.writeAscii(out, "NOT_STORED\r\n");
      case EXISTS -> ByteBufUtil.writeAscii(out, "EXISTS\r\n");
      case NOT_FOUND -> ByteBufUtil.writeAscii(out, "NOT_FOUND\r\n");
      case DELETED -> ByteBufUtil.writeAscii(out, "DELETED\r\n");
      case TOUCHED -> ByteBufUtil.writeAscii(out, "TOUCHED\r\n");
      case OK -> ByteBufUtil.writeAscii(out, "OK\r\n");
      case MISS -> out.writeBytes(END);
      case NUMBER -> {
        ByteBufUtil.writeAscii(out, Long.toUnsignedString(reply.casUnique()));
        out.writeBytes(CRLF);
      }
      case VERSION -> ByteBufUtil.writeAscii(out, "VERSION " + reply.message() + "\r\n");
      case META_OK, META_MISS -> out.writeBytes(reply.value());
      case HIT -> throw new IllegalArgumentException("hits are written with encodeValue");
      case CLIENT_ERROR ->
          ByteBufUtil.writeAscii(
              out,
              reply.message() == null ? "ERROR\r\n" : "CLIENT_ERROR " + reply.message() + "\r\n");
      case REMOTE_ERROR, TIMEOUT, CONNECT_ERROR, TKO, BUSY, LOCAL_ERROR ->
          ByteBufUtil.writeAscii(out, "SERVER_ERROR " + errorText(reply) + "\r\n");
    }
  }

  private static String errorText(McReply reply) {
    if (reply.message() != null) {
      return reply.message();
    }
    return switch (reply.kind()) {
      case TIMEOUT -> "Server timeout";
      case CONNECT_ERROR -> "Server unavailable. Reason: connect error";
      case TKO -> "Server unavailable. Reason: tko";
      case BUSY -> "Server busy";
      default -> "error";
    };
  }
}
