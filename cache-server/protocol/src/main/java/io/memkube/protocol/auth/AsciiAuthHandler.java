package io.memkube.protocol.auth;

import io.memkube.protocol.request.CNumberParser;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * memcached's ASCII authentication ({@code -Y}) in front of the request decoder: until a client has
 * sent {@code set <any> <any> <any> <n>\r\n<user> <password>\r\n} with an entry of the auth file,
 * it frames and answers everything itself and nothing reaches the commands; once the client is in,
 * it answers {@code STORED} and leaves the pipeline, handing the bytes that follow to the request
 * decoder.
 *
 * <p>Byte for byte as Debian's memcached 1.6.18, which frames this handshake apart from its normal
 * parser:
 *
 * <ul>
 *   <li>any line that is not {@code set} with at least five tokens and a size memcached's {@code
 *       safe_strtoul} accepts gets {@code CLIENT_ERROR unauthenticated} (meta commands, {@code
 *       version}, {@code quit} alike); the key, flags and exptime are not looked at;
 *   <li>the value must end in CR LF ({@code CLIENT_ERROR bad command line termination}), hold two
 *       space-separated tokens ({@code CLIENT_ERROR bad authentication token format}), and match an
 *       entry ({@code STORED}, else {@code CLIENT_ERROR authentication failure}); both count in
 *       {@code auth_cmds}, a failure in {@code auth_errors};
 *   <li>a line of more than 2048 bytes without a newline, or a value longer than memcached's 16 KB
 *       read buffer once that much has arrived, closes the connection;
 *   <li>memcached writes these replies into one response object per read, so of several answered in
 *       the same read only the last one is sent: the same here, per Netty read batch (a client that
 *       sends one request and waits, as clients do for the handshake, sees every reply).
 * </ul>
 */
public final class AsciiAuthHandler extends ByteToMessageDecoder {
  /** memcached closes a connection whose line grows past this without a newline. */
  static final int MAX_LINE = 2048;

  /** memcached's read buffer: a handshake value that cannot fit in it closes the connection. */
  static final int READ_BUFFER = 16384;

  static final String UNAUTHENTICATED = "CLIENT_ERROR unauthenticated";
  static final String BAD_TERMINATION = "CLIENT_ERROR bad command line termination";
  static final String BAD_TOKEN_FORMAT = "CLIENT_ERROR bad authentication token format";
  static final String FAILURE = "CLIENT_ERROR authentication failure";
  static final String STORED = "STORED";

  /** memcached's {@code MAX_TOKENS}. */
  private static final int MAX_TOKENS = 24;

  private final Authenticator authenticator;
  private final AuthCounters stats;
  private final CNumberParser numbers = new CNumberParser();

  /** The value's length with its CR LF while a handshake value is awaited, else -1. */
  private long valueLength = -1;

  /** The reply to send at the end of this read batch (a later one in the batch replaces it). */
  private String pending;

  public AsciiAuthHandler(Authenticator authenticator, AuthCounters stats) {
    this.authenticator = authenticator;
    this.stats = stats;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (ctx.channel().isActive() && !ctx.isRemoved()) {
      boolean progressed = valueLength < 0 ? readLine(ctx, in) : readValue(ctx, in);
      if (!progressed) {
        return;
      }
    }
  }

  /** The {@code set} line; false when more bytes are needed (or the connection is closing). */
  private boolean readLine(ChannelHandlerContext ctx, ByteBuf in) {
    if (in.readableBytes() < 2) {
      return false; // memcached: no handshake line is that short
    }
    int newline = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
    if (newline < 0) {
      if (in.readableBytes() > MAX_LINE) {
        close(ctx, in);
      }
      return false;
    }
    int start = in.readerIndex();
    in.readerIndex(newline + 1);
    // memcached tokenizes the line as a C string: the CR stays in the last token, a NUL ends it
    int end = cString(in, start, newline);
    int[] tokens = tokenize(in, start, end);
    int count = tokens.length / 2;
    if (count < 5
        || !isSet(in, tokens[0], tokens[1])
        || !numbers.strtoul32(in, tokens[8], tokens[9])) {
      pending = UNAUTHENTICATED;
      return true;
    }
    // memcached adds the CR LF in 32 bits and keeps the sum in an int: 2^32-2 and up wrap
    valueLength = (int) ((numbers.value() + 2) & 0xFFFF_FFFFL);
    if (valueLength < 0) {
      // memcached walks its read pointer backwards here (undefined behaviour): refuse instead
      close(ctx, in);
      return false;
    }
    return true;
  }

  /** The {@code user password} value; false when more bytes are needed. */
  private boolean readValue(ChannelHandlerContext ctx, ByteBuf in) {
    int length = (int) valueLength;
    if (length > READ_BUFFER) {
      // memcached could never hold it: it closes once its buffer is full, so a value sent whole
      // in one read (which Netty may hand over at once) closes too
      if (in.readableBytes() >= READ_BUFFER) {
        close(ctx, in);
      }
      return false;
    }
    if (in.readableBytes() < length) {
      return false;
    }
    valueLength = -1;
    int start = in.readerIndex();
    in.skipBytes(length);
    // memcached checks the two bytes before the value's end; with a value length of 0 or 1 (a
    // wrapped size) they lie in the set line, whose newline it had replaced by a NUL
    if (length < 2
        || in.getByte(start + length - 2) != '\r'
        || in.getByte(start + length - 1) != '\n') {
      pending = BAD_TERMINATION;
      return true;
    }
    int end = cString(in, start, start + length - 2);
    int[] tokens = tokenize(in, start, end);
    if (tokens.length < 4) {
      pending = BAD_TOKEN_FORMAT;
      return true;
    }
    byte[] user = bytes(in, tokens[0], tokens[1]);
    byte[] password = bytes(in, tokens[2], tokens[3]);
    stats.attempted();
    if (!authenticator.admits(user, password)) {
      stats.failed();
      pending = FAILURE;
      return true;
    }
    pending = null; // memcached's STORED goes into the same response object: it replaces it
    send(ctx, STORED);
    ctx.pipeline().remove(this); // the bytes after the value go on to the request decoder
    return false;
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
    flushPending(ctx);
    super.channelReadComplete(ctx);
  }

  @Override
  protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out)
      throws Exception {
    // the client shut its side down: answer what it sent before the connection closes
    super.decodeLast(ctx, in, out);
    flushPending(ctx);
  }

  private void flushPending(ChannelHandlerContext ctx) {
    if (pending != null) {
      String reply = pending;
      pending = null;
      send(ctx, reply);
    }
  }

  private void send(ChannelHandlerContext ctx, String line) {
    byte[] b = (line + "\r\n").getBytes(StandardCharsets.US_ASCII);
    stats.wrote(b.length);
    ctx.writeAndFlush(ctx.alloc().buffer(b.length).writeBytes(b), ctx.voidPromise());
  }

  /** memcached closes at once: replies not yet sent are dropped with the connection. */
  private void close(ChannelHandlerContext ctx, ByteBuf in) {
    pending = null;
    in.skipBytes(in.readableBytes());
    ctx.close().addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
  }

  /** Where C's {@code strlen} would stop: the first NUL, else {@code end}. */
  private static int cString(ByteBuf in, int start, int end) {
    int nul = in.indexOf(start, end, (byte) 0);
    return nul < 0 ? end : nul;
  }

  /**
   * memcached's {@code tokenize_command}: tokens split by single spaces, at most {@code MAX_TOKENS
   * - 1}; returns start and end offsets, two per token.
   */
  private static int[] tokenize(ByteBuf in, int start, int end) {
    int[] t = new int[2 * (MAX_TOKENS - 1)];
    int n = 0;
    int s = start;
    for (int i = start; i < end && n < MAX_TOKENS - 1; i++) {
      if (in.getByte(i) == ' ') {
        if (s != i) {
          t[2 * n] = s;
          t[2 * n + 1] = i;
          n++;
        }
        s = i + 1;
      }
    }
    if (n < MAX_TOKENS - 1 && s < end) {
      t[2 * n] = s;
      t[2 * n + 1] = end;
      n++;
    }
    return java.util.Arrays.copyOf(t, 2 * n);
  }

  private static boolean isSet(ByteBuf in, int start, int end) {
    return end - start == 3
        && in.getByte(start) == 's'
        && in.getByte(start + 1) == 'e'
        && in.getByte(start + 2) == 't';
  }

  private static byte[] bytes(ByteBuf in, int start, int end) {
    byte[] b = new byte[end - start];
    in.getBytes(start, b);
    return b;
  }
}
