package io.memkube.protocol.reply;

import io.memkube.protocol.Command;
import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a server's reply to a request the proxy sent. The shape expected depends on the request, so
 * the caller names it. Nothing is consumed until a whole reply is there.
 */
public final class ReplyParser {
  private ReplyParser() {}

  /** Thrown when a server sends something that is not a reply to what was asked. */
  public static final class BadReplyException extends RuntimeException {
    public BadReplyException(String message) {
      super(message);
    }
  }

  /**
   * The replies to a retrieval of {@code keys} (one per key, in order; a key with no VALUE block is
   * a miss), or null when incomplete. An error line answers every key.
   */
  public static List<McReply> parseRetrieval(ByteBuf in, List<byte[]> keys) {
    int pos = in.readerIndex();
    List<McReply> out = new ArrayList<>(keys.size());
    int next = 0;
    while (true) {
      int eol = in.forEachByte(pos, in.writerIndex() - pos, ByteProcessor.FIND_LF);
      if (eol < 0) {
        return null;
      }
      int lineEnd = eol > pos && in.getByte(eol - 1) == '\r' ? eol - 1 : eol;
      if (startsWith(in, pos, lineEnd, "END")) {
        while (out.size() < keys.size()) {
          out.add(McReply.MISS_REPLY);
        }
        in.readerIndex(eol + 1);
        return out;
      }
      if (!startsWith(in, pos, lineEnd, "VALUE ")) {
        McReply err = parseError(in, pos, lineEnd);
        in.readerIndex(eol + 1);
        List<McReply> all = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
          all.add(err);
        }
        return all;
      }
      // VALUE <key> <flags> <bytes> [<cas>]
      int keyStart = pos + 6;
      int keyEnd = in.indexOf(keyStart, lineEnd, (byte) ' ');
      if (keyEnd < 0) {
        throw new BadReplyException("bad VALUE line: " + ascii(in, pos, lineEnd));
      }
      long[] nums = new long[3];
      int count = parseNumbers(in, keyEnd + 1, lineEnd, nums);
      if (count < 2) {
        throw new BadReplyException("bad VALUE line: " + ascii(in, pos, lineEnd));
      }
      long flags = nums[0];
      int len = (int) nums[1];
      long cas = count > 2 ? nums[2] : 0;
      int dataStart = eol + 1;
      if (in.writerIndex() - dataStart < len + 2) {
        return null;
      }
      byte[] value = new byte[len];
      in.getBytes(dataStart, value);
      // Servers answer hits in the order asked and skip misses.
      while (next < keys.size() && !keyEquals(in, keyStart, keyEnd, keys.get(next))) {
        out.add(McReply.MISS_REPLY);
        next++;
      }
      if (next == keys.size()) {
        throw new BadReplyException("VALUE for a key not asked: " + ascii(in, keyStart, keyEnd));
      }
      out.add(McReply.hit(flags, cas, value));
      next++;
      pos = dataStart + len + 2;
    }
  }

  /**
   * The reply for one key of a retrieval line ({@code get a b c}), read as it comes, or null when
   * incomplete (nothing consumed then). Servers answer hits in the order asked and skip misses, so
   * a key whose VALUE block is not next is a miss that consumes nothing: the next block or the END
   * belongs to a later key of the line. The line's last key ({@code lastOfLine}) consumes the END
   * too. An error line is consumed and returned; it answers the rest of the line as well.
   */
  public static McReply parseRetrievalKey(ByteBuf in, byte[] key, boolean lastOfLine) {
    int pos = in.readerIndex();
    int eol = in.forEachByte(pos, in.writerIndex() - pos, ByteProcessor.FIND_LF);
    if (eol < 0) {
      return null;
    }
    int lineEnd = eol > pos && in.getByte(eol - 1) == '\r' ? eol - 1 : eol;
    if (startsWith(in, pos, lineEnd, "END")) {
      if (lastOfLine) {
        in.readerIndex(eol + 1);
      }
      return McReply.MISS_REPLY;
    }
    if (!startsWith(in, pos, lineEnd, "VALUE ")) {
      McReply err = parseError(in, pos, lineEnd);
      in.readerIndex(eol + 1);
      return err;
    }
    int keyStart = pos + 6;
    int keyEnd = in.indexOf(keyStart, lineEnd, (byte) ' ');
    if (keyEnd < 0) {
      throw new BadReplyException("bad VALUE line: " + ascii(in, pos, lineEnd));
    }
    if (!keyEquals(in, keyStart, keyEnd, key)) {
      if (lastOfLine) {
        throw new BadReplyException("VALUE for a key not asked: " + ascii(in, keyStart, keyEnd));
      }
      return McReply.MISS_REPLY;
    }
    long[] nums = new long[3];
    int count = parseNumbers(in, keyEnd + 1, lineEnd, nums);
    if (count < 2) {
      throw new BadReplyException("bad VALUE line: " + ascii(in, pos, lineEnd));
    }
    int len = (int) nums[1];
    int dataStart = eol + 1;
    int end = dataStart + len + 2;
    if (in.writerIndex() < end) {
      return null;
    }
    if (lastOfLine) {
      int endEol = in.forEachByte(end, in.writerIndex() - end, ByteProcessor.FIND_LF);
      if (endEol < 0) {
        return null;
      }
      int endLineEnd = endEol > end && in.getByte(endEol - 1) == '\r' ? endEol - 1 : endEol;
      if (!startsWith(in, end, endLineEnd, "END")) {
        if (startsWith(in, end, endLineEnd, "VALUE ")) {
          throw new BadReplyException("VALUE for a key not asked: " + ascii(in, end, endLineEnd));
        }
        // An error after the value (as parseRetrieval reads it) answers the key.
        McReply err = parseError(in, end, endLineEnd);
        in.readerIndex(endEol + 1);
        return err;
      }
      byte[] value = new byte[len];
      in.getBytes(dataStart, value);
      in.readerIndex(endEol + 1);
      return McReply.hit(nums[0], count > 2 ? nums[2] : 0, value);
    }
    byte[] value = new byte[len];
    in.getBytes(dataStart, value);
    in.readerIndex(end);
    return McReply.hit(nums[0], count > 2 ? nums[2] : 0, value);
  }

  /** The reply to a single-key request other than a classic retrieval, or null when incomplete. */
  public static McReply parse(ByteBuf in, Command op) {
    int pos = in.readerIndex();
    int eol = in.forEachByte(pos, in.writerIndex() - pos, ByteProcessor.FIND_LF);
    if (eol < 0) {
      return null;
    }
    int lineEnd = eol > pos && in.getByte(eol - 1) == '\r' ? eol - 1 : eol;
    if (op.isMeta()) {
      return parseMeta(in, pos, eol, lineEnd);
    }
    McReply reply = parseLine(in, pos, lineEnd, op);
    in.readerIndex(eol + 1);
    return reply;
  }

  private static McReply parseMeta(ByteBuf in, int pos, int eol, int lineEnd) {
    int end = eol + 1;
    boolean ok;
    if (startsWith(in, pos, lineEnd, "VA ")) {
      String[] parts = ascii(in, pos, lineEnd).split(" ");
      int len = Integer.parseInt(parts[1]);
      if (in.writerIndex() - end < len + 2) {
        return null;
      }
      end += len + 2;
      ok = true;
    } else if (startsWith(in, pos, lineEnd, "HD")
        || startsWith(in, pos, lineEnd, "MN")
        || startsWith(in, pos, lineEnd, "ME ")) {
      ok = true;
    } else if (startsWith(in, pos, lineEnd, "EN")
        || startsWith(in, pos, lineEnd, "NF")
        || startsWith(in, pos, lineEnd, "NS")
        || startsWith(in, pos, lineEnd, "EX")) {
      ok = false;
    } else {
      McReply err = parseError(in, pos, lineEnd);
      in.readerIndex(eol + 1);
      return err;
    }
    byte[] raw = new byte[end - pos];
    in.getBytes(pos, raw);
    in.readerIndex(end);
    return McReply.meta(ok, raw);
  }

  private static McReply parseLine(ByteBuf in, int pos, int lineEnd, Command op) {
    int len = lineEnd - pos;
    if (len == 6 && startsWith(in, pos, lineEnd, "STORED")) {
      return McReply.STORED_REPLY;
    }
    if (len == 7 && startsWith(in, pos, lineEnd, "DELETED")) {
      return McReply.DELETED_REPLY;
    }
    String line = ascii(in, pos, lineEnd);
    switch (line) {
      case "STORED":
        return McReply.STORED_REPLY;
      case "NOT_STORED":
        return McReply.NOT_STORED_REPLY;
      case "EXISTS":
        return McReply.EXISTS_REPLY;
      case "NOT_FOUND":
        return McReply.NOT_FOUND_REPLY;
      case "DELETED":
        return McReply.DELETED_REPLY;
      case "TOUCHED":
        return McReply.TOUCHED_REPLY;
      case "OK":
        return McReply.OK_REPLY;
      default:
        break;
    }
    if (line.startsWith("VERSION ")) {
      return McReply.error(ReplyKind.VERSION, line.substring(8));
    }
    if ((op == Command.INCR || op == Command.DECR)
        && !line.isEmpty()
        && Character.isDigit(line.charAt(0))) {
      try {
        return McReply.number(Long.parseUnsignedLong(line.trim()));
      } catch (NumberFormatException e) {
        throw new BadReplyException("bad number: " + line);
      }
    }
    return parseError(in, pos, lineEnd);
  }

  private static McReply parseError(ByteBuf in, int pos, int lineEnd) {
    String line = ascii(in, pos, lineEnd);
    if (line.equals("ERROR")) {
      return McReply.error(ReplyKind.CLIENT_ERROR, null);
    }
    if (line.startsWith("CLIENT_ERROR")) {
      return McReply.error(ReplyKind.CLIENT_ERROR, line.substring(12).trim());
    }
    if (line.startsWith("SERVER_ERROR")) {
      return McReply.error(ReplyKind.REMOTE_ERROR, line.substring(12).trim());
    }
    throw new BadReplyException("unexpected reply: " + line);
  }

  private static boolean keyEquals(ByteBuf in, int start, int end, byte[] key) {
    if (end - start != key.length) {
      return false;
    }
    for (int i = 0; i < key.length; i++) {
      if (in.getByte(start + i) != key[i]) {
        return false;
      }
    }
    return true;
  }

  /** Space-separated unsigned decimals in {@code [from, to)}; returns how many were read. */
  private static int parseNumbers(ByteBuf in, int from, int to, long[] out) {
    int count = 0;
    int i = from;
    while (i < to && count < out.length) {
      while (i < to && in.getByte(i) == ' ') {
        i++;
      }
      if (i == to) {
        break;
      }
      long v = 0;
      int digits = 0;
      for (; i < to && in.getByte(i) != ' '; i++) {
        byte b = in.getByte(i);
        if (b < '0' || b > '9') {
          throw new BadReplyException("bad number in " + ascii(in, from, to));
        }
        v = v * 10 + (b - '0');
        digits++;
      }
      if (digits > 0) {
        out[count++] = v;
      }
    }
    return count;
  }

  private static boolean startsWith(ByteBuf in, int pos, int end, String prefix) {
    if (end - pos < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (in.getByte(pos + i) != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static String ascii(ByteBuf in, int from, int to) {
    return in.toString(from, to - from, StandardCharsets.US_ASCII);
  }
}
