package io.memkube.protocol.request;

import io.memkube.protocol.Command;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One parsed request, described by offsets into the buffer it was parsed from. A connection keeps
 * one instance and the parser overwrites it for every request, so nothing is allocated per request.
 * Offsets stay valid until the caller discards or rewrites the parsed bytes of that buffer.
 *
 * <p>When {@link #errorLine()} is not null the request failed validation: the server must send that
 * line (followed by {@code \r\n}) unless {@link #suppressReply()} says not to, and must not execute
 * the command. The other fields are still filled as far as parsing got, because a few failures have
 * side effects in memcached (a too-large {@code set} deletes the old value).
 */
public final class Request {
  private static final int MAX_FLAG_CHAR = 128;

  ByteBuf buf;
  Command command;
  int lineStart;
  int lineEnd;

  // every space-separated token of the line (up to the first NUL byte)
  int tokenCount;
  int[] tokenStart = new int[32];
  int[] tokenEnd = new int[32];

  // keys: one for most commands, many for get/gets/gat/gats
  int keyCount;
  int[] keyStart = new int[32];
  int[] keyLength = new int[32];
  ByteBuf keyBuf;
  final ByteBuf decodedKey = Unpooled.buffer(256, 256);
  boolean binaryKey;

  long clientFlags;
  int exptime;
  int valueLength;
  int dataStart;
  long casUnique;
  long delta;
  boolean noreply;
  boolean continuesLine;
  boolean continuedLine;
  String errorLine;
  boolean errorAlwaysSent;

  // meta flags: token index of each flag character, -1 when absent
  final int[] metaFlagToken = new int[MAX_FLAG_CHAR];
  int firstMetaFlagToken;
  long metaInitial;
  int metaTtl;
  int metaVivifyTtl;
  int metaRecacheTtl;
  byte metaMode;
  boolean metaQuiet;

  /** The bytes a decoded request points into, kept alive until {@link #release()}. */
  private ByteBuf held;

  Request() {
    reset();
  }

  /** Keeps the buffer this request points into alive while a handler uses it. */
  void hold() {
    held = buf;
    held.retain();
  }

  /**
   * Gives back the reference {@link RequestDecoder} took on the bytes of this request; the handler
   * calls it when done with the request. Idempotent; a no-op for a request parsed directly.
   */
  public void release() {
    if (held != null) {
      ByteBuf b = held;
      held = null;
      b.release();
    }
  }

  /** Creates an empty request holder for use with {@link RequestParser#parse}. */
  public static Request create() {
    return new Request();
  }

  void reset() {
    command = null;
    tokenCount = 0;
    keyCount = 0;
    keyBuf = null;
    binaryKey = false;
    clientFlags = 0;
    exptime = 0;
    valueLength = 0;
    dataStart = -1;
    casUnique = 0;
    delta = 0;
    noreply = false;
    continuesLine = false;
    continuedLine = false;
    errorLine = null;
    errorAlwaysSent = false;
    Arrays.fill(metaFlagToken, -1);
    firstMetaFlagToken = 0;
    metaInitial = 0;
    metaTtl = 0;
    metaVivifyTtl = 0;
    metaRecacheTtl = 0;
    metaMode = 0;
    metaQuiet = false;
  }

  /** The command, or {@link Command#UNKNOWN}. */
  public Command command() {
    return command;
  }

  /** The buffer the offsets point into. */
  public ByteBuf buffer() {
    return buf;
  }

  /** Absolute index of the first byte of the command line. */
  public int lineStart() {
    return lineStart;
  }

  /** Absolute index just past the command line, without its {@code \r\n}. */
  public int lineEnd() {
    return lineEnd;
  }

  /** Number of space-separated tokens of the command line (the command name included). */
  public int tokenCount() {
    return tokenCount;
  }

  /** Absolute start index of token {@code i} (0 is the command name). */
  public int tokenStart(int i) {
    return tokenStart[i];
  }

  /** Absolute end index (exclusive) of token {@code i}. */
  public int tokenEnd(int i) {
    return tokenEnd[i];
  }

  /** Token {@code i} as a string (ISO-8859-1), for logging and rarely used commands. */
  public String token(int i) {
    return buf.toString(tokenStart[i], tokenEnd[i] - tokenStart[i], StandardCharsets.ISO_8859_1);
  }

  /** Whether token {@code i} equals the ASCII string {@code s}. */
  public boolean tokenEquals(int i, String s) {
    int len = tokenEnd[i] - tokenStart[i];
    if (len != s.length()) {
      return false;
    }
    for (int j = 0; j < len; j++) {
      if (buf.getByte(tokenStart[i] + j) != s.charAt(j)) {
        return false;
      }
    }
    return true;
  }

  /** Number of keys: 1 for single-key commands, 0 for keyless ones, n for multi-get. */
  public int keyCount() {
    return keyCount;
  }

  /**
   * The buffer that holds the keys: {@link #buffer()}, or a private buffer holding the decoded key
   * of a meta command with the {@code b} flag.
   */
  public ByteBuf keyBuffer() {
    return keyBuf;
  }

  /** Start of key {@code i} in {@link #keyBuffer()}. */
  public int keyStart(int i) {
    return keyStart[i];
  }

  /** Length of key {@code i}. */
  public int keyLength(int i) {
    return keyLength[i];
  }

  /** Key {@code i} as a string (ISO-8859-1, so every byte maps to one char). */
  public String key(int i) {
    return keyBuf.toString(keyStart[i], keyLength[i], StandardCharsets.ISO_8859_1);
  }

  /** Whether the key of a meta command was base64-encoded on the wire ({@code b} flag). */
  public boolean binaryKey() {
    return binaryKey;
  }

  /** Client flags (unsigned 32-bit) of a storage command or of {@code ms F}. */
  public long clientFlags() {
    return clientFlags;
  }

  /**
   * The exptime exactly as the client sent it, cut to 32 bits as memcached cuts it: for storage
   * commands, touch, gat/gats, and the delay of flush_all.
   */
  public int exptime() {
    return exptime;
  }

  /** Length of the data block, without its trailing {@code \r\n}. */
  public int valueLength() {
    return valueLength;
  }

  /** Absolute index of the data block in {@link #buffer()}, or -1 if there is none. */
  public int dataStart() {
    return dataStart;
  }

  /** The compare value of {@code cas}, or of meta {@code C}. */
  public long casUnique() {
    return casUnique;
  }

  /**
   * The unsigned delta of incr/decr and of meta {@code D} (default 1), or the level of verbosity,
   * or the megabytes of cache_memlimit.
   */
  public long delta() {
    return delta;
  }

  /** The meta arithmetic {@code J} initial value (default 0). */
  public long metaInitial() {
    return metaInitial;
  }

  /** The raw exptime of meta flag {@code T} (valid when the flag is present). */
  public int metaTtl() {
    return metaTtl;
  }

  /** The raw exptime of meta flag {@code N} (valid when the flag is present). */
  public int metaVivifyTtl() {
    return metaVivifyTtl;
  }

  /** The raw exptime of meta flag {@code R} (valid when the flag is present). */
  public int metaRecacheTtl() {
    return metaRecacheTtl;
  }

  /** The meta mode character ({@code M} flag), or 0 when absent. */
  public byte metaMode() {
    return metaMode;
  }

  /**
   * Whether more keys of this multi-get line follow in the next request: a line too long to hold is
   * handed out in parts as its keys arrive, and only the last part's reply ends with {@code END}.
   */
  public boolean continuesLine() {
    return continuesLine;
  }

  /**
   * Whether this request is a later part of a multi-get line (see {@link #continuesLine()}); with
   * an {@link #errorLine()}, memcached's answer to the whole line is that error alone, so the hits
   * of the earlier parts are to be taken back where they have not been sent.
   */
  public boolean continuedLine() {
    return continuedLine;
  }

  /** Whether the text command ended in {@code noreply}. */
  public boolean noreply() {
    return noreply;
  }

  /** Whether the meta command carried the {@code q} flag. */
  public boolean metaQuiet() {
    return metaQuiet;
  }

  /** memcached's error line for this request (without {@code \r\n}), or null if it is valid. */
  public String errorLine() {
    return errorLine;
  }

  /** Whether the error line must not be sent, because the command said {@code noreply}. */
  public boolean suppressReply() {
    return noreply && !errorAlwaysSent;
  }

  /** Whether meta flag {@code c} was given. */
  public boolean hasMetaFlag(char c) {
    return metaFlagToken[c] >= 0;
  }

  /** Token index of meta flag {@code c}, or -1. */
  public int metaFlagToken(char c) {
    return metaFlagToken[c];
  }

  /** Index of the first meta flag token; flags run from here to {@link #tokenCount()}-1. */
  public int firstMetaFlagToken() {
    return firstMetaFlagToken;
  }

  @Override
  public String toString() {
    if (buf == null || command == null) {
      return "Request[empty]";
    }
    return "Request["
        + command
        + " "
        + buf.toString(lineStart, lineEnd - lineStart, StandardCharsets.ISO_8859_1)
        + (errorLine != null ? " error=" + errorLine : "")
        + "]";
  }
}
