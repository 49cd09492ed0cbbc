package io.memkube.protocol.reply;

import io.memkube.protocol.Command;
import io.memkube.protocol.request.McRequest;
import java.nio.charset.StandardCharsets;

/**
 * One reply for one single-key request. Values are plain arrays: the proxy copies a value once when
 * it reads it, which keeps ownership simple when a reply is fanned in, shadowed or used to warm up
 * another server.
 *
 * @param kind what the reply says
 * @param flags client flags of a hit
 * @param casUnique the CAS token of a {@code gets}/{@code gats} hit, or the number of incr/decr
 * @param value the data of a hit; for meta replies, the whole reply as sent by the server
 * @param message the text of an error reply or of {@code VERSION}
 */
public record McReply(ReplyKind kind, long flags, long casUnique, byte[] value, String message) {

  public static final McReply STORED_REPLY = of(ReplyKind.STORED);
  public static final McReply NOT_STORED_REPLY = of(ReplyKind.NOT_STORED);
  public static final McReply NOT_FOUND_REPLY = of(ReplyKind.NOT_FOUND);
  public static final McReply MISS_REPLY = of(ReplyKind.MISS);
  public static final McReply DELETED_REPLY = of(ReplyKind.DELETED);
  public static final McReply TOUCHED_REPLY = of(ReplyKind.TOUCHED);
  public static final McReply EXISTS_REPLY = of(ReplyKind.EXISTS);
  public static final McReply OK_REPLY = of(ReplyKind.OK);

  public static McReply of(ReplyKind kind) {
    return new McReply(kind, 0, 0, null, null);
  }

  public static McReply hit(long flags, long cas, byte[] value) {
    return new McReply(ReplyKind.HIT, flags, cas, value, null);
  }

  public static McReply number(long n) {
    return new McReply(ReplyKind.NUMBER, 0, n, null, null);
  }

  public static McReply error(ReplyKind kind, String message) {
    return new McReply(kind, 0, 0, null, message);
  }

  public static McReply meta(boolean ok, byte[] raw) {
    return new McReply(ok ? ReplyKind.META_OK : ReplyKind.META_MISS, 0, 0, raw, null);
  }

  /**
   * The reply a route gives when it sends the request nowhere (mcrouter's NullRoute): NOT_STORED
   * for updates, a miss for retrievals, NOT_FOUND otherwise.
   */
  public static McReply defaultFor(McRequest req) {
    Command op = req.op();
    if (op.isMeta()) {
      String code =
          op == Command.META_GET || op == Command.META_DEBUG
              ? "EN"
              : op == Command.META_SET ? "NS" : "NF";
      return meta(false, (code + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }
    if (op.isUpdate()) {
      return NOT_STORED_REPLY;
    }
    if (op.isRetrieval()) {
      return MISS_REPLY;
    }
    return NOT_FOUND_REPLY;
  }

  @Override
  public String toString() {
    return message == null ? kind.name() : kind + "(" + message + ")";
  }
}
