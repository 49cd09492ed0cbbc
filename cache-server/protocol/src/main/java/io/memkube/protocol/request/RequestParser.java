package io.memkube.protocol.request;

import io.memkube.protocol.Command;
import io.netty.buffer.ByteBuf;

/**
 * Parses memcached text and meta protocol requests in place from a Netty {@link ByteBuf}, with
 * memcached 1.6's framing, token rules and error lines. One parser per connection: it remembers
 * only how many bytes of a refused data block are still to be swallowed.
 *
 * <p>Usage: call {@link #parse} while it returns {@link ParseResult#REQUEST}, handling each request
 * before the next call (the next call overwrites the {@link Request}); on {@link
 * ParseResult#NEED_MORE} wait for more bytes; on {@link ParseResult#CLOSE} close the connection.
 */
public final class RequestParser {
  /** memcached's KEY_MAX_LENGTH. */
  public static final int KEY_MAX_LENGTH = 250;

  /** Unterminated bytes memcached buffers before it closes a connection (except for get/gets). */
  public static final int MAX_UNTERMINATED_LINE = 2048;

  /**
   * memcached's read buffer: a line longer than this is never seen whole by memcached, so it is
   * closed like an unterminated one.
   */
  public static final int READ_BUFFER_SIZE = 16384;

  /** memcached's MAX_TOKENS: the tokenizer keeps 23 tokens and a terminator. */
  static final int MAX_TOKENS = 24;

  /** memcached's MFLAG_MAX_OPT_LENGTH: meta commands with more tokens are refused. */
  static final int META_MAX_TOKENS = 20;

  /** memcached's MFLAG_MAX_OPAQUE_LENGTH. */
  public static final int MAX_OPAQUE_LENGTH = 32;

  /** memcached's item header (48 bytes) plus the 8-byte CAS, the fixed part of an item's size. */
  public static final int ITEM_HEADER_SIZE = 56;

  private final long itemSizeMax;
  private final CNumberParser num = new CNumberParser();
  private final MultiGetStream multiGet = new MultiGetStream();
  private long swallowRemaining;

  /**
   * @param itemSizeMax memcached's {@code -I}: a storage request whose item would be larger gets
   *     {@link ErrorLines#TOO_LARGE} and its data is swallowed without being buffered
   */
  public RequestParser(long itemSizeMax) {
    this.itemSizeMax = itemSizeMax;
  }

  /** memcached's size of an item: header, CAS, key and its NUL, flags if non-zero, data, CRLF. */
  public static long itemSize(int keyLength, long clientFlags, long valueLength) {
    return ITEM_HEADER_SIZE + keyLength + 1 + (clientFlags != 0 ? 4 : 0) + valueLength + 2;
  }

  /** Whether bytes of a refused data block are still being swallowed. */
  public boolean swallowing() {
    return swallowRemaining > 0;
  }

  /**
   * Parses the next request from {@code in}, starting at its reader index. On {@link
   * ParseResult#REQUEST} the reader index has moved past the request (line and data block) and
   * {@code req} describes it by absolute offsets into {@code in}.
   */
  public ParseResult parse(ByteBuf in, Request req) {
    req.reset();
    req.buf = in;
    if (swallowRemaining > 0) {
      int n = (int) Math.min(swallowRemaining, in.readableBytes());
      in.skipBytes(n);
      swallowRemaining -= n;
      if (swallowRemaining > 0) {
        return ParseResult.NEED_MORE;
      }
    }
    if (multiGet.active()) {
      ParseResult part = multiGet.next(in, req);
      if (part != ParseResult.NEED_MORE || multiGet.active()) {
        return part;
      }
      // the rest of a refused line is gone: what follows is a new request
    }
    int start = in.readerIndex();
    int end = in.writerIndex();
    if (start == end) {
      return ParseResult.NEED_MORE;
    }
    int nl = in.indexOf(start, end, (byte) '\n');
    if (nl < 0) {
      if (end - start > MAX_UNTERMINATED_LINE) {
        return startLongGet(in, req, start, end, -1);
      }
      return ParseResult.NEED_MORE;
    }
    if (nl - start > MAX_UNTERMINATED_LINE) {
      return startLongGet(in, req, start, end, nl);
    }
    return parseLine(in, req, start, end, nl);
  }

  private ParseResult parseLine(ByteBuf in, Request req, int start, int end, int nl) {
    int lineEnd = nl;
    if (nl - start > 1 && in.getByte(nl - 1) == '\r') {
      lineEnd = nl - 1;
    }
    // memcached handles the line as a C string: an embedded NUL ends it
    int nul = in.indexOf(start, lineEnd, (byte) 0);
    if (nul >= 0) {
      lineEnd = nul;
    }
    req.lineStart = start;
    req.lineEnd = lineEnd;
    tokenize(in, start, lineEnd, req);
    int afterLine = nl + 1;
    ParseResult result = dispatch(in, req, afterLine, end);
    if (result == ParseResult.NEED_MORE) {
      req.reset();
    }
    return result;
  }

  /**
   * A line longer than memcached's 2048 unterminated bytes: memcached lets only a multi-get grow
   * (closing the connection otherwise, or once a complete line is over its read buffer), and
   * memkube takes such a multi-get apart as its keys arrive ({@link MultiGetStream}) instead of
   * holding it.
   *
   * @param nl the line's newline, or -1 when it has not arrived
   */
  private ParseResult startLongGet(ByteBuf in, Request req, int start, int end, int nl) {
    int p = start;
    while (p < end && in.getByte(p) == ' ') {
      p++;
    }
    Command command = null;
    if (p - start <= 100) {
      if (startsWith(in, p, end, "get ")) {
        command = Command.GET;
      } else if (startsWith(in, p, end, "gets ")) {
        command = Command.GETS;
      }
    }
    if (command == null) {
      if (nl < 0 || nl - start >= READ_BUFFER_SIZE) {
        return ParseResult.CLOSE;
      }
      return parseLine(in, req, start, end, nl); // whole, under memcached's read buffer
    }
    int keysFrom = p + command.word().length() + 1;
    if (nl >= 0 && hasTooLongKey(in, keysFrom, nl)) {
      // the whole line is here: refuse it as a whole, as memcached does
      req.lineStart = start;
      req.lineEnd = nl;
      return error(in, req, nl + 1, command, ErrorLines.BAD_FORMAT);
    }
    multiGet.start(command, in, keysFrom, req);
    return multiGet.next(in, req);
  }

  /** Whether a token of {@code [from, nl)} (up to a NUL, without a final CR) is over 250 bytes. */
  private static boolean hasTooLongKey(ByteBuf in, int from, int nl) {
    int lineEnd = nl > from && in.getByte(nl - 1) == '\r' ? nl - 1 : nl;
    int run = 0;
    for (int i = from; i < lineEnd; i++) {
      byte b = in.getByte(i);
      if (b == 0) {
        break;
      }
      run = b == ' ' ? 0 : run + 1;
      if (run > KEY_MAX_LENGTH) {
        return true;
      }
    }
    return false;
  }

  private static boolean startsWith(ByteBuf in, int p, int end, String s) {
    if (end - p < s.length()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (in.getByte(p + i) != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static void tokenize(ByteBuf in, int start, int end, Request req) {
    int n = 0;
    int s = start;
    for (int i = start; i <= end; i++) {
      if (i == end || in.getByte(i) == ' ') {
        if (i > s) {
          if (n == req.tokenStart.length) {
            req.tokenStart = java.util.Arrays.copyOf(req.tokenStart, n * 2);
            req.tokenEnd = java.util.Arrays.copyOf(req.tokenEnd, n * 2);
          }
          req.tokenStart[n] = s;
          req.tokenEnd[n] = i;
          n++;
        }
        s = i + 1;
      }
    }
    req.tokenCount = n;
  }

  /** memcached's {@code ntokens}: at most 23 real tokens, plus its terminator. */
  private static int memcachedTokenCount(Request req) {
    return Math.min(req.tokenCount, MAX_TOKENS - 1) + 1;
  }

  private static int tokenLength(Request req, int i) {
    return req.tokenEnd[i] - req.tokenStart[i];
  }

  private ParseResult dispatch(ByteBuf in, Request req, int afterLine, int end) {
    int ntokens = memcachedTokenCount(req);
    if (req.tokenCount == 0 || tokenLength(req, 0) < 2) {
      return unknown(in, req, afterLine, false);
    }
    if (tokenLength(req, 0) == 2 && in.getByte(req.tokenStart[0]) == 'm') {
      switch (in.getByte(req.tokenStart[0] + 1)) {
        case 'g':
          return metaKeyed(in, req, afterLine, Command.META_GET, ntokens);
        case 's':
          return metaSet(in, req, afterLine, end, ntokens);
        case 'n':
          req.command = Command.META_NOOP;
          return consumed(in, req, afterLine);
        case 'd':
          return metaKeyed(in, req, afterLine, Command.META_DELETE, ntokens);
        case 'a':
          return metaKeyed(in, req, afterLine, Command.META_ARITHMETIC, ntokens);
        case 'e':
          return metaDebug(in, req, afterLine, ntokens);
        default:
          return unknown(in, req, afterLine, false);
      }
    }
    if (req.tokenEquals(0, "get")) {
      return retrieval(in, req, afterLine, Command.GET, ntokens);
    } else if (req.tokenEquals(0, "gets")) {
      return retrieval(in, req, afterLine, Command.GETS, ntokens);
    } else if (req.tokenEquals(0, "gat")) {
      return retrieval(in, req, afterLine, Command.GAT, ntokens);
    } else if (req.tokenEquals(0, "gats")) {
      return retrieval(in, req, afterLine, Command.GATS, ntokens);
    } else if (req.tokenEquals(0, "set")) {
      return storage(in, req, afterLine, end, Command.SET, ntokens);
    } else if (req.tokenEquals(0, "add")) {
      return storage(in, req, afterLine, end, Command.ADD, ntokens);
    } else if (req.tokenEquals(0, "replace")) {
      return storage(in, req, afterLine, end, Command.REPLACE, ntokens);
    } else if (req.tokenEquals(0, "append")) {
      return storage(in, req, afterLine, end, Command.APPEND, ntokens);
    } else if (req.tokenEquals(0, "prepend")) {
      return storage(in, req, afterLine, end, Command.PREPEND, ntokens);
    } else if (req.tokenEquals(0, "cas")) {
      return storage(in, req, afterLine, end, Command.CAS, ntokens);
    } else if (req.tokenEquals(0, "incr")) {
      return arithmetic(in, req, afterLine, Command.INCR, ntokens);
    } else if (req.tokenEquals(0, "decr")) {
      return arithmetic(in, req, afterLine, Command.DECR, ntokens);
    } else if (req.tokenEquals(0, "delete")) {
      return delete(in, req, afterLine, ntokens);
    } else if (req.tokenEquals(0, "touch")) {
      return touch(in, req, afterLine, ntokens);
    } else if (req.tokenEquals(0, "stats")) {
      req.command = Command.STATS;
      return consumed(in, req, afterLine);
    } else if (req.tokenEquals(0, "flush_all")) {
      return flushAll(in, req, afterLine, ntokens);
    } else if (req.tokenEquals(0, "version")) {
      req.command = Command.VERSION;
      return consumed(in, req, afterLine);
    } else if (req.tokenEquals(0, "quit")) {
      req.command = Command.QUIT;
      return consumed(in, req, afterLine);
    } else if (req.tokenEquals(0, "shutdown")) {
      req.command = Command.SHUTDOWN;
      return consumed(in, req, afterLine);
    } else if (req.tokenEquals(0, "verbosity")) {
      return verbosity(in, req, afterLine, ntokens);
    } else if (req.tokenEquals(0, "cache_memlimit")) {
      return memlimit(in, req, afterLine, ntokens);
    } else if (req.tokenEquals(0, "refresh_certs")) {
      // memcached takes any number of tokens here; only a last "noreply" counts
      req.command = Command.REFRESH_CERTS;
      noreplyMaybe(req);
      return consumed(in, req, afterLine);
    } else if (req.tokenEquals(0, "slabs")) {
      req.command = Command.SLABS;
      return consumed(in, req, afterLine);
    } else if (req.tokenEquals(0, "watch")) {
      req.command = Command.WATCH;
      return consumed(in, req, afterLine);
    } else if (req.tokenEquals(0, "lru_crawler")) {
      req.command = Command.LRU_CRAWLER;
      return consumed(in, req, afterLine);
    } else if (req.tokenEquals(0, "mk_scan")) {
      req.command = Command.MK_SCAN;
      return consumed(in, req, afterLine);
    }
    return unknown(in, req, afterLine, true);
  }

  private ParseResult unknown(ByteBuf in, Request req, int afterLine, boolean httpCheck) {
    if (httpCheck && req.tokenCount > 0) {
      int last = Math.min(req.tokenCount, MAX_TOKENS - 1) - 1;
      if (startsWith(in, req.tokenStart[last], req.tokenEnd[last], "HTTP/")) {
        return ParseResult.CLOSE;
      }
    }
    return error(in, req, afterLine, Command.UNKNOWN, ErrorLines.ERROR);
  }

  private static ParseResult consumed(ByteBuf in, Request req, int afterLine) {
    in.readerIndex(afterLine);
    return ParseResult.REQUEST;
  }

  private static ParseResult error(
      ByteBuf in, Request req, int afterLine, Command command, String line) {
    req.command = command;
    req.errorLine = line;
    return consumed(in, req, afterLine);
  }

  /** A wrong token count: plain ERROR, never silenced (noreply is not looked at yet). */
  private static ParseResult wrongTokenCount(ByteBuf in, Request req, int afterLine) {
    req.noreply = false;
    return error(in, req, afterLine, Command.UNKNOWN, ErrorLines.ERROR);
  }

  /** memcached's set_noreply_maybe: the last token memcached kept is {@code noreply}. */
  private static boolean noreplyMaybe(Request req) {
    int last = Math.min(req.tokenCount, MAX_TOKENS - 1) - 1;
    req.noreply = last > 0 && req.tokenEquals(last, "noreply");
    return req.noreply;
  }

  /**
   * Starts a command whose key is token 1 (storage, arithmetic, touch): its noreply, then its key.
   *
   * @return null, or memcached's error for a key over 250 bytes
   */
  private static ParseResult keyed(ByteBuf in, Request req, int afterLine, Command command) {
    req.command = command;
    noreplyMaybe(req);
    if (tokenLength(req, 1) > KEY_MAX_LENGTH) {
      return error(in, req, afterLine, command, ErrorLines.BAD_FORMAT);
    }
    setKey(req, in, 1);
    return null;
  }

  private static void setKey(Request req, ByteBuf in, int token) {
    req.keyBuf = in;
    req.keyCount = 1;
    req.keyStart[0] = req.tokenStart[token];
    req.keyLength[0] = req.tokenEnd[token] - req.tokenStart[token];
  }

  private ParseResult retrieval(
      ByteBuf in, Request req, int afterLine, Command command, int ntokens) {
    if (ntokens < 3) {
      return wrongTokenCount(in, req, afterLine);
    }
    req.command = command;
    int firstKey = 1;
    if (command == Command.GAT || command == Command.GATS) {
      if (!num.strtol32(in, req.tokenStart[1], req.tokenEnd[1])) {
        return error(in, req, afterLine, command, ErrorLines.INVALID_EXPTIME);
      }
      req.exptime = (int) num.value();
      firstKey = 2;
    }
    int keys = Math.max(0, req.tokenCount - firstKey);
    for (int t = firstKey; t < req.tokenCount; t++) {
      if (req.tokenEnd[t] - req.tokenStart[t] > KEY_MAX_LENGTH) {
        return error(in, req, afterLine, command, ErrorLines.BAD_FORMAT);
      }
    }
    if (keys > MultiGetStream.KEYS_PER_PART
        && !(command == Command.GAT || command == Command.GATS)) {
      // handed out in parts, so that the replies to one line go out as the peer reads them
      multiGet.start(command, in, req.tokenStart[firstKey], req);
      return multiGet.next(in, req);
    }
    if (req.keyStart.length < keys) {
      req.keyStart = new int[Integer.highestOneBit(keys) * 2];
      req.keyLength = new int[req.keyStart.length];
    }
    req.keyBuf = in;
    for (int k = 0; k < keys; k++) {
      int t = firstKey + k;
      req.keyStart[k] = req.tokenStart[t];
      req.keyLength[k] = req.tokenEnd[t] - req.tokenStart[t];
    }
    req.keyCount = keys;
    return consumed(in, req, afterLine);
  }

  private ParseResult storage(
      ByteBuf in, Request req, int afterLine, int end, Command command, int ntokens) {
    boolean cas = command == Command.CAS;
    if (cas ? (ntokens != 7 && ntokens != 8) : (ntokens != 6 && ntokens != 7)) {
      return wrongTokenCount(in, req, afterLine);
    }
    ParseResult badKey = keyed(in, req, afterLine, command);
    if (badKey != null) {
      return badKey;
    }
    if (!num.strtoul32(in, req.tokenStart[2], req.tokenEnd[2])) {
      return error(in, req, afterLine, command, ErrorLines.BAD_FORMAT);
    }
    req.clientFlags = num.value();
    if (!num.strtol32(in, req.tokenStart[3], req.tokenEnd[3])) {
      return error(in, req, afterLine, command, ErrorLines.BAD_FORMAT);
    }
    req.exptime = (int) num.value();
    if (!num.strtol32(in, req.tokenStart[4], req.tokenEnd[4])) {
      return error(in, req, afterLine, command, ErrorLines.BAD_FORMAT);
    }
    long vlen = num.value();
    if (cas) {
      if (!num.strtoull(in, req.tokenStart[5], req.tokenEnd[5])) {
        return error(in, req, afterLine, command, ErrorLines.BAD_FORMAT);
      }
      req.casUnique = num.value();
    }
    if (vlen < 0 || vlen > Integer.MAX_VALUE - 2) {
      return error(in, req, afterLine, command, ErrorLines.BAD_FORMAT);
    }
    return dataBlock(in, req, afterLine, end, (int) vlen);
  }

  /** Reads (or refuses and swallows) the data block of a storage command. */
  private ParseResult dataBlock(ByteBuf in, Request req, int afterLine, int end, int vlen) {
    req.valueLength = vlen;
    if (itemSize(req.keyLength[0], req.clientFlags, vlen) > itemSizeMax) {
      swallowRemaining = vlen + 2L;
      in.readerIndex(afterLine);
      int n = (int) Math.min(swallowRemaining, end - afterLine);
      in.skipBytes(n);
      swallowRemaining -= n;
      req.errorLine = ErrorLines.TOO_LARGE;
      return ParseResult.REQUEST;
    }
    if ((long) end - afterLine < vlen + 2L) {
      return ParseResult.NEED_MORE;
    }
    req.dataStart = afterLine;
    in.readerIndex(afterLine + vlen + 2);
    if (in.getByte(afterLine + vlen) != '\r' || in.getByte(afterLine + vlen + 1) != '\n') {
      req.errorLine = ErrorLines.BAD_DATA_CHUNK;
    }
    return ParseResult.REQUEST;
  }

  private ParseResult arithmetic(
      ByteBuf in, Request req, int afterLine, Command command, int ntokens) {
    if (ntokens != 4 && ntokens != 5) {
      return wrongTokenCount(in, req, afterLine);
    }
    ParseResult badKey = keyed(in, req, afterLine, command);
    if (badKey != null) {
      return badKey;
    }
    if (!num.strtoull(in, req.tokenStart[2], req.tokenEnd[2])) {
      return error(in, req, afterLine, command, ErrorLines.INVALID_DELTA);
    }
    req.delta = num.value();
    return consumed(in, req, afterLine);
  }

  private ParseResult touch(ByteBuf in, Request req, int afterLine, int ntokens) {
    if (ntokens != 4 && ntokens != 5) {
      return wrongTokenCount(in, req, afterLine);
    }
    ParseResult badKey = keyed(in, req, afterLine, Command.TOUCH);
    if (badKey != null) {
      return badKey;
    }
    if (!num.strtol32(in, req.tokenStart[2], req.tokenEnd[2])) {
      return error(in, req, afterLine, Command.TOUCH, ErrorLines.INVALID_EXPTIME);
    }
    req.exptime = (int) num.value();
    return consumed(in, req, afterLine);
  }

  private ParseResult delete(ByteBuf in, Request req, int afterLine, int ntokens) {
    if (ntokens < 3 || ntokens > 5) {
      return wrongTokenCount(in, req, afterLine);
    }
    req.command = Command.DELETE;
    if (ntokens > 3) {
      boolean holdIsZero = req.tokenEquals(2, "0");
      boolean setsNoreply = noreplyMaybe(req);
      boolean valid =
          (ntokens == 4 && (holdIsZero || setsNoreply))
              || (ntokens == 5 && holdIsZero && setsNoreply);
      if (!valid) {
        return error(in, req, afterLine, Command.DELETE, ErrorLines.DELETE_USAGE);
      }
    }
    if (tokenLength(req, 1) > KEY_MAX_LENGTH) {
      return error(in, req, afterLine, Command.DELETE, ErrorLines.BAD_FORMAT);
    }
    setKey(req, in, 1);
    return consumed(in, req, afterLine);
  }

  private ParseResult flushAll(ByteBuf in, Request req, int afterLine, int ntokens) {
    if (ntokens < 2 || ntokens > 4) {
      return wrongTokenCount(in, req, afterLine);
    }
    req.command = Command.FLUSH_ALL;
    noreplyMaybe(req);
    if (ntokens != (req.noreply ? 3 : 2)) {
      if (!num.strtol32(in, req.tokenStart[1], req.tokenEnd[1])) {
        return error(in, req, afterLine, Command.FLUSH_ALL, ErrorLines.INVALID_EXPTIME);
      }
      req.exptime = (int) num.value();
    }
    return consumed(in, req, afterLine);
  }

  private ParseResult verbosity(ByteBuf in, Request req, int afterLine, int ntokens) {
    return oneUnsignedArgument(
        in, req, afterLine, ntokens, Command.VERBOSITY, ErrorLines.BAD_FORMAT);
  }

  private ParseResult memlimit(ByteBuf in, Request req, int afterLine, int ntokens) {
    return oneUnsignedArgument(
        in, req, afterLine, ntokens, Command.CACHE_MEMLIMIT, ErrorLines.ERROR);
  }

  /**
   * A command with one unsigned 32-bit argument and an optional noreply ({@code verbosity}, {@code
   * cache_memlimit}); they differ only in the line memcached answers to a bad number.
   */
  private ParseResult oneUnsignedArgument(
      ByteBuf in, Request req, int afterLine, int ntokens, Command command, String badNumber) {
    if (ntokens != 3 && ntokens != 4) {
      return wrongTokenCount(in, req, afterLine);
    }
    req.command = command;
    noreplyMaybe(req);
    if (!num.strtoul32(in, req.tokenStart[1], req.tokenEnd[1])) {
      return error(in, req, afterLine, command, badNumber);
    }
    req.delta = num.value();
    return consumed(in, req, afterLine);
  }

  // ---- meta protocol ----

  private ParseResult metaDebug(ByteBuf in, Request req, int afterLine, int ntokens) {
    req.command = Command.META_DEBUG;
    if (ntokens < 3 || tokenLength(req, 1) > KEY_MAX_LENGTH) {
      return error(in, req, afterLine, Command.META_DEBUG, ErrorLines.BAD_FORMAT);
    }
    setKey(req, in, 1);
    if (ntokens >= 4 && req.tokenEquals(2, "b")) {
      if (!decodeKey(in, req)) {
        return error(in, req, afterLine, Command.META_DEBUG, ErrorLines.META_KEY_DECODE);
      }
    }
    return consumed(in, req, afterLine);
  }

  private boolean decodeKey(ByteBuf in, Request req) {
    int n = Base64Key.decode(in, req.tokenStart[1], tokenLength(req, 1), req.decodedKey);
    if (n == 0) {
      return false;
    }
    req.keyBuf = req.decodedKey;
    req.keyStart[0] = 0;
    req.keyLength[0] = n;
    req.binaryKey = true;
    return true;
  }

  /** mg, md and ma: key, then flags. */
  private ParseResult metaKeyed(
      ByteBuf in, Request req, int afterLine, Command command, int ntokens) {
    if (ntokens < 3) {
      return wrongTokenCount(in, req, afterLine);
    }
    req.command = command;
    req.errorAlwaysSent = true;
    req.delta = 1;
    if (tokenLength(req, 1) > KEY_MAX_LENGTH) {
      return error(in, req, afterLine, command, ErrorLines.BAD_FORMAT);
    }
    if (ntokens > META_MAX_TOKENS) {
      return error(in, req, afterLine, command, ErrorLines.META_FLAGS_TOO_LONG);
    }
    setKey(req, in, 1);
    String flagError = metaFlags(in, req, 2);
    if (flagError != null) {
      return error(
          in,
          req,
          afterLine,
          command,
          command == Command.META_GET ? flagError : ErrorLines.META_INVALID_OR_DUPLICATE_FLAG);
    }
    String opaqueError = opaqueCheck(req);
    if (opaqueError != null) {
      return error(in, req, afterLine, command, opaqueError);
    }
    if (command == Command.META_ARITHMETIC
        && req.metaMode != 0
        && !validArithmeticMode(req.metaMode)) {
      return error(in, req, afterLine, command, ErrorLines.META_MA_MODE);
    }
    return consumed(in, req, afterLine);
  }

  private static boolean validArithmeticMode(byte mode) {
    return switch (mode) {
      case 'I', 'i', '+', 'D', 'd', '-' -> true;
      default -> false;
    };
  }

  private static boolean validSetMode(byte mode) {
    return switch (mode) {
      case 'E', 'e', 'A', 'a', 'P', 'p', 'R', 'r', 'S', 's' -> true;
      default -> false;
    };
  }

  private static String opaqueCheck(Request req) {
    int o = req.metaFlagToken['O'];
    if (o >= 0 && tokenLength(req, o) > MAX_OPAQUE_LENGTH) {
      return ErrorLines.META_OPAQUE_TOO_LONG;
    }
    return null;
  }

  private ParseResult metaSet(ByteBuf in, Request req, int afterLine, int end, int ntokens) {
    if (ntokens < 3) {
      return wrongTokenCount(in, req, afterLine);
    }
    req.command = Command.META_SET;
    req.errorAlwaysSent = true;
    if (tokenLength(req, 1) > KEY_MAX_LENGTH || ntokens == 3) {
      return error(in, req, afterLine, Command.META_SET, ErrorLines.BAD_FORMAT);
    }
    if (ntokens > META_MAX_TOKENS) {
      return error(in, req, afterLine, Command.META_SET, ErrorLines.META_SET_FLAGS_TOO_LONG);
    }
    setKey(req, in, 1);
    if (!num.strtol32(in, req.tokenStart[2], req.tokenEnd[2])) {
      return error(in, req, afterLine, Command.META_SET, ErrorLines.BAD_FORMAT);
    }
    long vlen = num.value();
    if (vlen < 0 || vlen > Integer.MAX_VALUE - 2) {
      return error(in, req, afterLine, Command.META_SET, ErrorLines.BAD_FORMAT);
    }
    req.valueLength = (int) vlen;
    String err = metaFlags(in, req, 3);
    if (err == null) {
      err = opaqueCheck(req);
    }
    if (err == null && req.metaMode != 0 && !validSetMode(req.metaMode)) {
      err = ErrorLines.META_MS_MODE;
    }
    if (err != null) {
      // memcached swallows the data block of a refused meta set
      req.errorLine = err;
      swallowRemaining = vlen + 2;
      in.readerIndex(afterLine);
      int n = (int) Math.min(swallowRemaining, end - afterLine);
      in.skipBytes(n);
      swallowRemaining -= n;
      return ParseResult.REQUEST;
    }
    return dataBlock(in, req, afterLine, end, (int) vlen);
  }

  /**
   * memcached's {@code _meta_flag_preparse}: records each flag's token, parses numeric ones, and
   * returns the error line or null. Duplicate and unknown flags stop at once; bad values are
   * remembered and the last message wins.
   */
  private String metaFlags(ByteBuf in, Request req, int first) {
    req.firstMetaFlagToken = first;
    boolean hasError = false;
    String errorLine = ErrorLines.BAD_FORMAT;
    int last = Math.min(req.tokenCount, MAX_TOKENS - 1);
    for (int t = first; t < last; t++) {
      int s = req.tokenStart[t];
      int e = req.tokenEnd[t];
      int c = in.getByte(s) & 0xFF;
      if (c >= 127 || req.metaFlagToken[c] >= 0) {
        return ErrorLines.META_DUPLICATE_FLAG;
      }
      req.metaFlagToken[c] = t;
      switch (c) {
        case 'b' -> {
          if (!decodeKey(in, req)) {
            errorLine = ErrorLines.META_KEY_DECODE;
            hasError = true;
            req.binaryKey = true;
          }
        }
        case 'N', 'T', 'R' -> {
          if (num.strtol32(in, s + 1, e)) {
            int v = (int) num.value();
            switch (c) {
              case 'N' -> req.metaVivifyTtl = v;
              case 'T' -> req.metaTtl = v;
              default -> req.metaRecacheTtl = v;
            }
          } else {
            errorLine = ErrorLines.META_BAD_TOKEN;
            hasError = true;
          }
        }
        case 'l', 'O', 'P', 'L', 'k', 's', 't', 'c', 'f', 'v', 'h', 'u', 'I' -> {}
        case 'q' -> req.metaQuiet = true;
        case 'F' -> {
          if (num.strtoul32(in, s + 1, e)) {
            req.clientFlags = num.value();
          } else {
            hasError = true;
          }
        }
        case 'C' -> {
          if (num.strtoull(in, s + 1, e)) {
            req.casUnique = num.value();
          } else {
            errorLine = ErrorLines.META_BAD_TOKEN;
            hasError = true;
          }
        }
        case 'M' -> {
          if (e - s != 2) {
            errorLine = ErrorLines.META_M_LENGTH;
            hasError = true;
          } else {
            req.metaMode = in.getByte(s + 1);
          }
        }
        case 'J' -> {
          if (num.strtoull(in, s + 1, e)) {
            req.metaInitial = num.value();
          } else {
            errorLine = ErrorLines.META_INVALID_INITIAL;
            hasError = true;
          }
        }
        case 'D' -> {
          if (num.strtoull(in, s + 1, e)) {
            req.delta = num.value();
          } else {
            errorLine = ErrorLines.META_INVALID_DELTA;
            hasError = true;
          }
        }
        default -> {
          return ErrorLines.META_INVALID_FLAG;
        }
      }
    }
    return hasError ? errorLine : null;
  }
}
