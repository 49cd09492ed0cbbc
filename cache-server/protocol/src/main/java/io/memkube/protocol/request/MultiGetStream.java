package io.memkube.protocol.request;

import io.memkube.protocol.Command;
import io.netty.buffer.ByteBuf;

/**
 * A {@code get}/{@code gets} line too long to hold, taken apart as its keys arrive: each call hands
 * out the next keys (at most {@link #KEYS_PER_PART}) as one part of the request, so that a line of
 * millions of keys costs a few kilobytes instead of the whole line and an index of every key.
 *
 * <p>memcached 1.6.18 buffers such a line whole (it lets only {@code get }/{@code gets } lines grow
 * past 2048 bytes without a newline) and answers it as one command: the hits in order, then {@code
 * END}; a key over 250 bytes anywhere makes the whole answer {@code CLIENT_ERROR bad command line
 * format}. Parts carry {@link Request#continuesLine()} and {@link Request#continuedLine()} so that
 * the server writes {@code END} once and can take back the hits it has not sent when a later key is
 * too long.
 */
final class MultiGetStream {
  /** Keys handed out per part: a bounded index, and replies written in steps. */
  static final int KEYS_PER_PART = 64;

  private Command command;
  private boolean started;
  private long keysSoFar;
  private boolean discardingLine;

  /** Whether a long line is being taken apart (or the rest of a refused one discarded). */
  boolean active() {
    return command != null || discardingLine;
  }

  /** Starts on a line whose command word (after leading spaces) ends at {@code keysFrom}. */
  void start(Command getOrGets, ByteBuf in, int keysFrom, Request req) {
    command = getOrGets;
    started = false;
    if (req.keyStart.length < KEYS_PER_PART) {
      req.keyStart = new int[KEYS_PER_PART];
      req.keyLength = new int[KEYS_PER_PART];
    }
    keysSoFar = 0;
    in.readerIndex(keysFrom);
  }

  /**
   * Hands out the next part of the line, or {@link ParseResult#NEED_MORE} when no whole key has
   * arrived. Consumes what it hands out.
   */
  ParseResult next(ByteBuf in, Request req) {
    if (discardingLine) {
      int nl = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
      if (nl < 0) {
        in.skipBytes(in.readableBytes());
        return ParseResult.NEED_MORE;
      }
      in.readerIndex(nl + 1);
      discardingLine = false;
      if (command == null) {
        return ParseResult.NEED_MORE; // the line was already answered
      }
    }
    int p = in.readerIndex();
    int end = in.writerIndex();
    req.buf = in;
    req.keyBuf = in;
    req.command = command;
    req.continuedLine = started;
    req.lineStart = p;
    int keys = 0;
    boolean lineDone = false;
    while (keys < KEYS_PER_PART) {
      while (p < end && in.getByte(p) == ' ') {
        p++;
      }
      if (p == end) {
        break;
      }
      int q = p;
      byte b = 0;
      while (q < end) {
        b = in.getByte(q);
        if (b == ' ' || b == '\n' || b == 0) {
          break;
        }
        q++;
      }
      if (q == end) {
        if (q - p > RequestParser.KEY_MAX_LENGTH + 1) { // +1: a \r that may end the line
          return tooLong(in, req, q);
        }
        break; // the key is still arriving
      }
      int keyEnd = b == '\n' && q > p && in.getByte(q - 1) == '\r' ? q - 1 : q;
      if (keyEnd - p > RequestParser.KEY_MAX_LENGTH) {
        return tooLong(in, req, q);
      }
      if (keyEnd > p) {
        req.keyStart[keys] = p;
        req.keyLength[keys] = keyEnd - p;
        keys++;
      }
      p = q + 1;
      if (b != ' ') {
        // memcached reads the line as a C string: an embedded NUL ends it
        discardingLine = b == 0;
        lineDone = true;
        break;
      }
    }
    in.readerIndex(p);
    req.lineEnd = p;
    req.keyCount = keys;
    keysSoFar += keys;
    if (lineDone) {
      command = null;
      if (keysSoFar == 0) {
        req.command = Command.UNKNOWN;
        req.errorLine = ErrorLines.ERROR; // "get" and spaces only: too few tokens
      }
      return ParseResult.REQUEST;
    }
    if (keys == 0) {
      req.reset();
      return ParseResult.NEED_MORE;
    }
    started = true;
    req.continuesLine = true;
    return ParseResult.REQUEST;
  }

  /** Refuses the line at a key over 250 bytes, consuming up to {@code scanned}; drops the rest. */
  private ParseResult tooLong(ByteBuf in, Request req, int scanned) {
    req.keyCount = 0;
    req.errorLine = ErrorLines.BAD_FORMAT;
    req.lineEnd = scanned;
    command = null;
    discardingLine = true;
    in.readerIndex(scanned);
    return ParseResult.REQUEST;
  }
}
