package io.memkube.protocol.request;

import io.memkube.protocol.Command;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.List;

/** Writes requests to a server in the text and meta protocols, always asking for a reply. */
public final class RequestEncoder {
  private static final byte[] CRLF = {'\r', '\n'};

  private RequestEncoder() {}

  /** One retrieval line for several keys of the same command ({@code get a b c}). */
  public static void encodeRetrieval(List<McRequest> batch, ByteBuf out) {
    McRequest first = batch.get(0);
    ByteBufUtil.writeAscii(out, first.op().word());
    if (first.op() == Command.GAT || first.op() == Command.GATS) {
      out.writeByte(' ');
      writeNumber(out, first.exptime());
    }
    for (McRequest r : batch) {
      out.writeByte(' ');
      out.writeBytes(r.key());
    }
    out.writeBytes(CRLF);
  }

  /**
   * Adds one more key to the retrieval line just written to {@code out} (by {@link #encode} or
   * {@link #encodeRetrieval}), so that requests queued for the same server share a line.
   */
  public static void appendRetrievalKey(byte[] key, ByteBuf out) {
    out.writerIndex(out.writerIndex() - CRLF.length);
    out.writeByte(' ');
    out.writeBytes(key);
    out.writeBytes(CRLF);
  }

  public static void encode(McRequest r, ByteBuf out) {
    Command op = r.op();
    switch (op) {
      case GET, GETS, GAT, GATS -> encodeRetrieval(List.of(r), out);
      case SET, ADD, REPLACE, APPEND, PREPEND, CAS -> {
        command(out, op, r.key());
        out.writeByte(' ');
        writeNumber(out, r.flags());
        out.writeByte(' ');
        writeNumber(out, r.exptime());
        out.writeByte(' ');
        writeNumber(out, r.value().length);
        if (op == Command.CAS) {
          out.writeByte(' ');
          ByteBufUtil.writeAscii(out, Long.toUnsignedString(r.casUnique()));
        }
        out.writeBytes(CRLF);
        out.writeBytes(r.value());
        out.writeBytes(CRLF);
      }
      case DELETE -> {
        command(out, op, r.key());
        out.writeBytes(CRLF);
      }
      case INCR, DECR -> {
        command(out, op, r.key());
        out.writeByte(' ');
        ByteBufUtil.writeAscii(out, Long.toUnsignedString(r.delta()));
        out.writeBytes(CRLF);
      }
      case TOUCH -> {
        command(out, op, r.key());
        out.writeByte(' ');
        writeNumber(out, r.exptime());
        out.writeBytes(CRLF);
      }
      case META_GET, META_SET, META_DELETE, META_ARITHMETIC, META_DEBUG -> {
        command(out, op, r.key());
        if (op == Command.META_SET) {
          out.writeByte(' ');
          writeNumber(out, r.value().length);
        }
        for (String t : r.metaTokens()) {
          out.writeByte(' ');
          ByteBufUtil.writeAscii(out, t);
        }
        out.writeBytes(CRLF);
        if (op == Command.META_SET) {
          out.writeBytes(r.value());
          out.writeBytes(CRLF);
        }
      }
      case VERSION -> ByteBufUtil.writeAscii(out, "version\r\n");
      case FLUSH_ALL -> {
        ByteBufUtil.writeAscii(out, "flush_all");
        if (r.exptime() != 0) {
          out.writeByte(' ');
          writeNumber(out, r.exptime());
        }
        out.writeBytes(CRLF);
      }
      default -> throw new IllegalArgumentException(op + " is not sent to servers");
    }
  }

  private static void command(ByteBuf out, Command op, byte[] key) {
    ByteBufUtil.writeAscii(out, op.word());
    out.writeByte(' ');
    out.writeBytes(key);
  }

  /** Writes {@code n} in decimal ASCII. */
  public static void writeNumber(ByteBuf out, long n) {
    if (n >= 0 && n < 10) {
      out.writeByte('0' + (int) n);
    } else {
      ByteBufUtil.writeAscii(out, Long.toString(n));
    }
  }
}
