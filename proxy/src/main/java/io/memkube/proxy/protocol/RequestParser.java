package io.memkube.proxy.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads client commands of the memcached text and meta protocols from a buffer, answering bad input
 * with the error lines memcached 1.6 sends. Stateless: a command is consumed only once it is
 * complete (line and data block), so a caller simply retries when more bytes arrive.
 */
public final class RequestParser {
  public static final int MAX_KEY_LENGTH = 250;

  /** Lines longer than this without a newline are refused and the connection closed. */
  public static final int MAX_LINE_LENGTH = 64 * 1024;

  static final String ERROR = "ERROR\r\n";
  static final String BAD_FORMAT = "CLIENT_ERROR bad command line format\r\n";
  static final String BAD_CHUNK = "CLIENT_ERROR bad data chunk\r\n";
  public static final String LINE_TOO_LONG = "CLIENT_ERROR line too long\r\n";

  /**
   * The next complete command, or null when more bytes are needed. Throws nothing for bad input: it
   * returns an error command and consumes the offending bytes.
   */
  public ClientCommand parse(ByteBuf in) {
    int start = in.readerIndex();
    int eol = in.forEachByte(start, in.readableBytes(), ByteProcessor.FIND_LF);
    if (eol < 0) {
      if (in.readableBytes() > MAX_LINE_LENGTH) {
        in.skipBytes(in.readableBytes());
        return ClientCommand.error(LINE_TOO_LONG);
      }
      return null;
    }
    int lineEnd = eol > start && in.getByte(eol - 1) == '\r' ? eol - 1 : eol;
    List<byte[]> tokens = tokenize(in, start, lineEnd);
    if (tokens.isEmpty()) {
      in.readerIndex(eol + 1);
      return ClientCommand.error(ERROR);
    }
    String cmd = ascii(tokens.get(0));
    ClientCommand parsed =
        switch (cmd) {
          case "get" -> retrieval(Op.GET, tokens, 1, 0);
          case "gets" -> retrieval(Op.GETS, tokens, 1, 0);
          case "gat", "gats" -> gat(cmd.equals("gat") ? Op.GAT : Op.GATS, tokens);
          case "set" -> storage(Op.SET, tokens, in, eol);
          case "add" -> storage(Op.ADD, tokens, in, eol);
          case "replace" -> storage(Op.REPLACE, tokens, in, eol);
          case "append" -> storage(Op.APPEND, tokens, in, eol);
          case "prepend" -> storage(Op.PREPEND, tokens, in, eol);
          case "cas" -> storage(Op.CAS, tokens, in, eol);
          case "delete" -> delete(tokens);
          case "incr" -> arithmetic(Op.INCR, tokens);
          case "decr" -> arithmetic(Op.DECR, tokens);
          case "touch" -> touch(tokens);
          case "mg" -> meta(Op.META_GET, tokens, in, eol);
          case "ms" -> meta(Op.META_SET, tokens, in, eol);
          case "md" -> meta(Op.META_DELETE, tokens, in, eol);
          case "ma" -> meta(Op.META_ARITHMETIC, tokens, in, eol);
          case "mn" -> ClientCommand.local(Op.META_NOOP, List.of(), false);
          case "version" -> ClientCommand.local(Op.VERSION, List.of(), false);
          case "quit" -> ClientCommand.local(Op.QUIT, List.of(), false);
          case "stats" -> ClientCommand.local(Op.STATS, rest(tokens, 1), false);
          case "flush_all" -> local(Op.FLUSH_ALL, tokens);
          case "verbosity" -> local(Op.VERBOSITY, tokens);
          default -> ClientCommand.error(ERROR);
        };
    if (parsed == null) {
      return null; // data block not complete yet
    }
    if (in.readerIndex() == start) {
      in.readerIndex(eol + 1);
    }
    return parsed;
  }

  private static ClientCommand retrieval(Op op, List<byte[]> tokens, int firstKey, long exptime) {
    if (tokens.size() <= firstKey) {
      return ClientCommand.error(ERROR);
    }
    List<McRequest> reqs = new ArrayList<>(tokens.size() - firstKey);
    for (int i = firstKey; i < tokens.size(); i++) {
      byte[] key = tokens.get(i);
      if (key.length > MAX_KEY_LENGTH) {
        return ClientCommand.error(BAD_FORMAT);
      }
      reqs.add(McRequest.get(op, key, exptime));
    }
    return ClientCommand.routed(op, reqs, false);
  }

  private static ClientCommand gat(Op op, List<byte[]> tokens) {
    if (tokens.size() < 3) {
      return ClientCommand.error(ERROR);
    }
    Long exptime = number(tokens.get(1));
    if (exptime == null) {
      return ClientCommand.error("CLIENT_ERROR invalid exptime argument\r\n");
    }
    return retrieval(op, tokens, 2, exptime);
  }

  private static ClientCommand storage(Op op, List<byte[]> tokens, ByteBuf in, int eol) {
    int needed = op == Op.CAS ? 6 : 5;
    if (tokens.size() < needed || tokens.size() > needed + 1) {
      return ClientCommand.error(ERROR);
    }
    byte[] key = tokens.get(1);
    Long flags = unsigned(tokens.get(2));
    Long exptime = number(tokens.get(3));
    Long bytes = unsigned(tokens.get(4));
    Long cas = op == Op.CAS ? unsigned(tokens.get(5)) : Long.valueOf(0);
    boolean noreply = tokens.size() == needed + 1 && ascii(tokens.get(needed)).equals("noreply");
    if (key.length > MAX_KEY_LENGTH
        || flags == null
        || exptime == null
        || bytes == null
        || cas == null
        || bytes > Integer.MAX_VALUE - 2
        || flags > 0xffffffffL) {
      return ClientCommand.error(BAD_FORMAT);
    }
    byte[] value = readDataBlock(in, eol, bytes.intValue());
    if (value == null) {
      return null;
    }
    if (value == BAD_BLOCK) {
      return ClientCommand.error(BAD_CHUNK);
    }
    McRequest req = new McRequest(op, key, flags, exptime, value, cas, 0, List.of());
    return ClientCommand.routed(op, List.of(req), noreply);
  }

  private static final byte[] BAD_BLOCK = new byte[0];

  /**
   * Reads the {@code length}-byte data block after the line ending at {@code eol} plus its CRLF;
   * null when not all here yet (nothing consumed), {@link #BAD_BLOCK} when its terminator is wrong
   * (block consumed, as memcached swallows it).
   */
  private static byte[] readDataBlock(ByteBuf in, int eol, int length) {
    int dataStart = eol + 1;
    if (in.writerIndex() - dataStart < length + 2) {
      return null;
    }
    byte[] value = new byte[length];
    in.getBytes(dataStart, value);
    boolean terminated =
        in.getByte(dataStart + length) == '\r' && in.getByte(dataStart + length + 1) == '\n';
    in.readerIndex(dataStart + length + 2);
    return terminated ? value : BAD_BLOCK;
  }

  private static ClientCommand delete(List<byte[]> tokens) {
    if (tokens.size() < 2 || tokens.size() > 4) {
      return ClientCommand.error(ERROR);
    }
    byte[] key = tokens.get(1);
    boolean noreply = ascii(tokens.get(tokens.size() - 1)).equals("noreply");
    int args = tokens.size() - 2 - (noreply ? 1 : 0);
    if (key.length > MAX_KEY_LENGTH
        || args > 1
        || (args == 1 && !ascii(tokens.get(2)).equals("0"))) {
      return ClientCommand.error(
          "CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]\r\n");
    }
    return ClientCommand.routed(Op.DELETE, List.of(McRequest.get(Op.DELETE, key, 0)), noreply);
  }

  private static ClientCommand arithmetic(Op op, List<byte[]> tokens) {
    if (tokens.size() < 3 || tokens.size() > 4) {
      return ClientCommand.error(ERROR);
    }
    byte[] key = tokens.get(1);
    if (key.length > MAX_KEY_LENGTH) {
      return ClientCommand.error(BAD_FORMAT);
    }
    Long delta = unsigned(tokens.get(2));
    if (delta == null) {
      return ClientCommand.error("CLIENT_ERROR invalid numeric delta argument\r\n");
    }
    boolean noreply = tokens.size() == 4 && ascii(tokens.get(3)).equals("noreply");
    McRequest req = new McRequest(op, key, 0, 0, null, 0, delta, List.of());
    return ClientCommand.routed(op, List.of(req), noreply);
  }

  private static ClientCommand touch(List<byte[]> tokens) {
    if (tokens.size() < 3 || tokens.size() > 4) {
      return ClientCommand.error(ERROR);
    }
    byte[] key = tokens.get(1);
    Long exptime = number(tokens.get(2));
    if (key.length > MAX_KEY_LENGTH || exptime == null) {
      return ClientCommand.error("CLIENT_ERROR invalid exptime argument\r\n");
    }
    boolean noreply = tokens.size() == 4 && ascii(tokens.get(3)).equals("noreply");
    return ClientCommand.routed(Op.TOUCH, List.of(McRequest.get(Op.TOUCH, key, exptime)), noreply);
  }

  private static ClientCommand meta(Op op, List<byte[]> tokens, ByteBuf in, int eol) {
    if (tokens.size() < 2) {
      return ClientCommand.error("CLIENT_ERROR bad command line format\r\n");
    }
    byte[] key = tokens.get(1);
    if (key.length > MAX_KEY_LENGTH) {
      return ClientCommand.error("CLIENT_ERROR bad command line format\r\n");
    }
    int firstFlag = 2;
    byte[] value = null;
    if (op == Op.META_SET) {
      Long len = tokens.size() > 2 ? unsigned(tokens.get(2)) : null;
      if (len == null || len > Integer.MAX_VALUE - 2) {
        return ClientCommand.error("CLIENT_ERROR bad data chunk\r\n");
      }
      value = readDataBlock(in, eol, len.intValue());
      if (value == null) {
        return null;
      }
      if (value == BAD_BLOCK) {
        return ClientCommand.error(BAD_CHUNK);
      }
      firstFlag = 3;
    }
    boolean quiet = false;
    List<String> flags = new ArrayList<>(tokens.size());
    for (int i = firstFlag; i < tokens.size(); i++) {
      String t = ascii(tokens.get(i));
      if (t.equals("q")) {
        quiet = true; // applied by the proxy: servers must answer every pipelined request
      } else {
        flags.add(t);
      }
    }
    McRequest req = new McRequest(op, key, 0, 0, value, 0, 0, List.copyOf(flags));
    return ClientCommand.routed(op, List.of(req), quiet);
  }

  private static ClientCommand local(Op op, List<byte[]> tokens) {
    List<String> args = rest(tokens, 1);
    boolean noreply = !args.isEmpty() && args.get(args.size() - 1).equals("noreply");
    if (noreply) {
      args = args.subList(0, args.size() - 1);
    }
    return ClientCommand.local(op, args, noreply);
  }

  private static List<String> rest(List<byte[]> tokens, int from) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < tokens.size(); i++) {
      out.add(ascii(tokens.get(i)));
    }
    return out;
  }

  private static List<byte[]> tokenize(ByteBuf in, int from, int to) {
    List<byte[]> tokens = new ArrayList<>(8);
    int i = from;
    while (i < to) {
      while (i < to && in.getByte(i) == ' ') {
        i++;
      }
      int s = i;
      while (i < to && in.getByte(i) != ' ') {
        i++;
      }
      if (i > s) {
        byte[] t = new byte[i - s];
        in.getBytes(s, t);
        tokens.add(t);
      }
    }
    return tokens;
  }

  static String ascii(byte[] b) {
    return new String(b, StandardCharsets.US_ASCII);
  }

  /** A decimal that may be negative (exptime), or null. */
  private static Long number(byte[] b) {
    if (b.length == 0 || b.length > 19) {
      return null;
    }
    int i = b[0] == '-' ? 1 : 0;
    if (i == b.length) {
      return null;
    }
    long v = 0;
    for (; i < b.length; i++) {
      if (b[i] < '0' || b[i] > '9') {
        return null;
      }
      v = v * 10 + (b[i] - '0');
    }
    return b[0] == '-' ? -v : v;
  }

  /** A non-negative decimal fitting 64 unsigned bits (returned as a signed long), or null. */
  private static Long unsigned(byte[] b) {
    if (b.length == 0 || b.length > 20) {
      return null;
    }
    long v = 0;
    for (byte c : b) {
      if (c < '0' || c > '9') {
        return null;
      }
      long next = v * 10 + (c - '0');
      if (Long.compareUnsigned(next, v) < 0 && v != 0) {
        return null;
      }
      v = next;
    }
    return v;
  }
}
