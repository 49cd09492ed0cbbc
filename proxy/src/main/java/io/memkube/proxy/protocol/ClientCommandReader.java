package io.memkube.proxy.protocol;

import io.memkube.protocol.Command;
import io.memkube.protocol.request.McRequest;
import io.memkube.protocol.request.ParseResult;
import io.memkube.protocol.request.Request;
import io.memkube.protocol.request.RequestParser;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads client commands with the cache-server's request codec (memcached 1.6's parsing and error
 * lines, byte for byte) and turns each into what routing needs: one {@link McRequest} per key, with
 * keys and values copied out of the read buffer so they outlive it.
 */
public final class ClientCommandReader {
  /** Values larger than this are refused as memcached refuses them past {@code -I}. */
  public static final long MAX_ITEM_SIZE = 64L * 1024 * 1024;

  private final RequestParser parser = new RequestParser(MAX_ITEM_SIZE);
  private final Request req = Request.create();

  /** What the reader made of the bytes so far. */
  public sealed interface Result {
    /** Wait for more bytes. */
    record NeedMore() implements Result {}

    /** memcached would close the connection without a word. */
    record Close() implements Result {}

    /** A whole command. */
    record Read(ClientCommand command) implements Result {}
  }

  private static final Result NEED_MORE = new Result.NeedMore();
  private static final Result CLOSE = new Result.Close();

  /**
   * The keys of a multi-get line the parser hands out in parts, until its last part: kept in one
   * array, a few bytes per key, however many keys the line has.
   */
  private RetrievalKeys multiGetKeys;

  public Result read(ByteBuf in) {
    while (true) {
      ParseResult r = parser.parse(in, req);
      switch (r) {
        case NEED_MORE -> {
          return NEED_MORE;
        }
        case CLOSE -> {
          return CLOSE;
        }
        case REQUEST -> {
          if (!req.continuesLine() && !req.continuedLine()) {
            return new Result.Read(convert(req));
          }
          if (req.errorLine() != null) {
            multiGetKeys = null;
            return new Result.Read(convert(req));
          }
          if (multiGetKeys == null) {
            multiGetKeys = new RetrievalKeys(req.command(), exptimeOf(req));
          }
          multiGetKeys.add(req);
          if (!req.continuesLine()) {
            RetrievalKeys keys = multiGetKeys;
            multiGetKeys = null;
            return new Result.Read(ClientCommand.routed(req.command(), keys, false));
          }
        }
      }
    }
  }

  static ClientCommand convert(Request r) {
    if (r.errorLine() != null) {
      return ClientCommand.error(r.suppressReply() ? "" : r.errorLine() + "\r\n");
    }
    Command c = r.command();
    if (!c.isProxied()) {
      // Commands about one server's internals mean nothing through a proxy.
      return ClientCommand.error("ERROR\r\n");
    }
    if (c.isMeta()) {
      return meta(c, r);
    }
    return switch (c.kind()) {
      case RETRIEVAL -> retrieval(c, r, exptimeOf(r));
      case STORAGE -> {
        McRequest m =
            new McRequest(
                c, key(r, 0), r.clientFlags(), r.exptime(), value(r), r.casUnique(), 0, List.of());
        yield ClientCommand.routed(c, List.of(m), r.noreply());
      }
      case ARITHMETIC -> {
        McRequest m = new McRequest(c, key(r, 0), 0, 0, null, 0, r.delta(), List.of());
        yield ClientCommand.routed(c, List.of(m), r.noreply());
      }
      case DELETE, TOUCH ->
          ClientCommand.routed(c, List.of(McRequest.get(c, key(r, 0), r.exptime())), r.noreply());
      case BROADCAST ->
          ClientCommand.local(
              c,
              r.exptime() == 0 ? List.of() : List.of(Integer.toString(r.exptime())),
              r.noreply());
      case LOCAL -> ClientCommand.local(c, tokens(r, 1), r.noreply());
      case SERVER_ONLY, INVALID -> throw new IllegalStateException("not proxied: " + c);
    };
  }

  private static ClientCommand retrieval(Command op, Request r, long exptime) {
    return ClientCommand.routed(op, new RetrievalKeys(op, exptime).add(r), false);
  }

  private static long exptimeOf(Request r) {
    return r.command() == Command.GAT || r.command() == Command.GATS ? r.exptime() : 0;
  }

  /**
   * Meta commands travel as written (key token and flags), except {@code q}: servers must answer
   * every pipelined request, so quiet mode is applied by the proxy on the way back.
   */
  private static ClientCommand meta(Command op, Request r) {
    int first = r.firstMetaFlagToken();
    List<String> flags = new ArrayList<>(Math.max(0, r.tokenCount() - first));
    for (int i = first; i < r.tokenCount(); i++) {
      if (!r.tokenEquals(i, "q")) {
        flags.add(r.token(i));
      }
    }
    byte[] wireKey = new byte[r.tokenEnd(1) - r.tokenStart(1)];
    r.buffer().getBytes(r.tokenStart(1), wireKey);
    McRequest m =
        new McRequest(
            op, wireKey, 0, 0, op == Command.META_SET ? value(r) : null, 0, 0, List.copyOf(flags));
    return ClientCommand.routed(op, List.of(m), r.metaQuiet());
  }

  private static byte[] key(Request r, int i) {
    byte[] k = new byte[r.keyLength(i)];
    r.keyBuffer().getBytes(r.keyStart(i), k);
    return k;
  }

  private static byte[] value(Request r) {
    byte[] v = new byte[r.valueLength()];
    r.buffer().getBytes(r.dataStart(), v);
    return v;
  }

  private static List<String> tokens(Request r, int from) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < r.tokenCount(); i++) {
      out.add(r.token(i));
    }
    return out;
  }
}
