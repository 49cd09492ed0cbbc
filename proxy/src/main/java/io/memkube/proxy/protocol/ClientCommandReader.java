package io.memkube.proxy.protocol;

import io.memkube.cacheserver.protocol.ParseResult;
import io.memkube.cacheserver.protocol.Request;
import io.memkube.cacheserver.protocol.RequestParser;
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

  public Result read(ByteBuf in) {
    ParseResult r = parser.parse(in, req);
    return switch (r) {
      case NEED_MORE -> NEED_MORE;
      case CLOSE -> CLOSE;
      case REQUEST -> new Result.Read(convert(req));
    };
  }

  static ClientCommand convert(Request r) {
    if (r.errorLine() != null) {
      return ClientCommand.error(r.suppressReply() ? "" : r.errorLine() + "\r\n");
    }
    return switch (r.command()) {
      case GET -> retrieval(Op.GET, r, 0);
      case GETS -> retrieval(Op.GETS, r, 0);
      case GAT -> retrieval(Op.GAT, r, r.exptime());
      case GATS -> retrieval(Op.GATS, r, r.exptime());
      case SET -> storage(Op.SET, r);
      case ADD -> storage(Op.ADD, r);
      case REPLACE -> storage(Op.REPLACE, r);
      case APPEND -> storage(Op.APPEND, r);
      case PREPEND -> storage(Op.PREPEND, r);
      case CAS -> storage(Op.CAS, r);
      case INCR, DECR -> {
        Op op = r.command() == io.memkube.cacheserver.protocol.Command.INCR ? Op.INCR : Op.DECR;
        McRequest m = new McRequest(op, key(r, 0), 0, 0, null, 0, r.delta(), List.of());
        yield ClientCommand.routed(op, List.of(m), r.noreply());
      }
      case DELETE ->
          ClientCommand.routed(
              Op.DELETE, List.of(McRequest.get(Op.DELETE, key(r, 0), 0)), r.noreply());
      case TOUCH ->
          ClientCommand.routed(
              Op.TOUCH, List.of(McRequest.get(Op.TOUCH, key(r, 0), r.exptime())), r.noreply());
      case MG -> meta(Op.META_GET, r);
      case MS -> meta(Op.META_SET, r);
      case MD -> meta(Op.META_DELETE, r);
      case MA -> meta(Op.META_ARITHMETIC, r);
      case ME -> meta(Op.META_DEBUG, r);
      case MN -> ClientCommand.local(Op.META_NOOP, List.of(), false);
      case VERSION -> ClientCommand.local(Op.VERSION, List.of(), false);
      case QUIT -> ClientCommand.local(Op.QUIT, List.of(), false);
      case VERBOSITY -> ClientCommand.local(Op.VERBOSITY, List.of(), r.noreply());
      case STATS -> ClientCommand.local(Op.STATS, tokens(r, 1), false);
      case FLUSH_ALL ->
          ClientCommand.local(
              Op.FLUSH_ALL,
              r.exptime() == 0 ? List.of() : List.of(Integer.toString(r.exptime())),
              r.noreply());
      // Commands about one server's internals mean nothing through a proxy.
      case SHUTDOWN, CACHE_MEMLIMIT, UNKNOWN -> ClientCommand.error("ERROR\r\n");
    };
  }

  private static ClientCommand retrieval(Op op, Request r, long exptime) {
    List<McRequest> reqs = new ArrayList<>(r.keyCount());
    for (int i = 0; i < r.keyCount(); i++) {
      reqs.add(McRequest.get(op, key(r, i), exptime));
    }
    return ClientCommand.routed(op, reqs, false);
  }

  private static ClientCommand storage(Op op, Request r) {
    McRequest m =
        new McRequest(
            op, key(r, 0), r.clientFlags(), r.exptime(), value(r), r.casUnique(), 0, List.of());
    return ClientCommand.routed(op, List.of(m), r.noreply());
  }

  /**
   * Meta commands travel as written (key token and flags), except {@code q}: servers must answer
   * every pipelined request, so quiet mode is applied by the proxy on the way back.
   */
  private static ClientCommand meta(Op op, Request r) {
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
            op, wireKey, 0, 0, op == Op.META_SET ? value(r) : null, 0, 0, List.copyOf(flags));
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
