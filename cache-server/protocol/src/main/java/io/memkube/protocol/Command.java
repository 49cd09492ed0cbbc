package io.memkube.protocol;

/**
 * The memcached commands, text protocol first, then the meta protocol: the one vocabulary the
 * request parser produces, the cache server executes and the proxy routes.
 */
public enum Command {
  GET("get", Kind.RETRIEVAL),
  GETS("gets", Kind.RETRIEVAL),
  GAT("gat", Kind.RETRIEVAL),
  GATS("gats", Kind.RETRIEVAL),
  SET("set", Kind.STORAGE),
  ADD("add", Kind.STORAGE),
  REPLACE("replace", Kind.STORAGE),
  APPEND("append", Kind.STORAGE),
  PREPEND("prepend", Kind.STORAGE),
  CAS("cas", Kind.STORAGE),
  INCR("incr", Kind.ARITHMETIC),
  DECR("decr", Kind.ARITHMETIC),
  DELETE("delete", Kind.DELETE),
  TOUCH("touch", Kind.TOUCH),
  FLUSH_ALL("flush_all", Kind.BROADCAST),
  VERSION("version", Kind.LOCAL),
  VERBOSITY("verbosity", Kind.LOCAL),
  QUIT("quit", Kind.LOCAL),
  SHUTDOWN("shutdown", Kind.SERVER_ONLY),
  STATS("stats", Kind.LOCAL),
  CACHE_MEMLIMIT("cache_memlimit", Kind.SERVER_ONLY),
  /** memcached's {@code refresh_certs}: re-read the TLS certificate and key; any tokens. */
  REFRESH_CERTS("refresh_certs", Kind.SERVER_ONLY),
  /** {@code slabs automove|reassign}: its tokens are checked by the server, as memcached does. */
  SLABS("slabs", Kind.SERVER_ONLY),
  /** memcached's {@code watch [kinds...]}: the connection becomes a log watcher. */
  WATCH("watch", Kind.SERVER_ONLY),
  /**
   * {@code lru_crawler crawl|metadump|enable|disable ...}: its tokens are checked by the server.
   */
  LRU_CRAWLER("lru_crawler", Kind.SERVER_ONLY),
  /**
   * memkube only: {@code mk_scan CURSOR COUNT}, one page of the server's live keys, so that a proxy
   * can move the keys of a server that leaves the ring before it goes.
   */
  MK_SCAN("mk_scan", Kind.SERVER_ONLY),
  META_GET("mg", Kind.RETRIEVAL),
  META_SET("ms", Kind.STORAGE),
  META_DELETE("md", Kind.DELETE),
  META_ARITHMETIC("ma", Kind.ARITHMETIC),
  META_NOOP("mn", Kind.LOCAL),
  /** Meta debug: one server's view of a key, read-only. */
  META_DEBUG("me", Kind.RETRIEVAL),
  /**
   * A line that is no command memcached knows, or a known command with the wrong number of tokens:
   * the request carries the error line {@code ERROR}.
   */
  UNKNOWN("", Kind.INVALID);

  /** What a command does to the cache, which is what a proxy routes by. */
  public enum Kind {
    RETRIEVAL,
    STORAGE,
    DELETE,
    ARITHMETIC,
    TOUCH,
    /** Sent to every server by a proxy ({@code flush_all}). */
    BROADCAST,
    /** Answered by whoever the client talks to, server or proxy. */
    LOCAL,
    /** About one server's internals: a proxy answers {@code ERROR}. */
    SERVER_ONLY,
    /** Not a command. */
    INVALID
  }

  private final String word;
  private final Kind kind;

  Command(String word, Kind kind) {
    this.word = word;
    this.kind = kind;
  }

  /** The command word on the wire ({@code ""} for {@link #UNKNOWN}). */
  public String word() {
    return word;
  }

  public Kind kind() {
    return kind;
  }

  /** Whether this is one of the storage commands that carry a data block. */
  public boolean hasDataBlock() {
    return kind == Kind.STORAGE;
  }

  public boolean isRetrieval() {
    return kind == Kind.RETRIEVAL;
  }

  /** Whether the default reply of a route that drops the request is NOT_STORED (else NOT_FOUND). */
  public boolean isUpdate() {
    return kind == Kind.STORAGE;
  }

  /** Whether this is a keyed meta command ({@code mg ms md ma me}; {@code mn} has no key). */
  public boolean isMeta() {
    return switch (this) {
      case META_GET, META_SET, META_DELETE, META_ARITHMETIC, META_DEBUG -> true;
      default -> false;
    };
  }

  /** Whether a proxy routes or answers this command (else it answers {@code ERROR}). */
  public boolean isProxied() {
    return kind != Kind.SERVER_ONLY && kind != Kind.INVALID;
  }

  /** The operation name mcrouter's OperationSelectorRoute uses, e.g. {@code get}, {@code set}. */
  public String mcrouterName() {
    return switch (this) {
      case META_GET -> "get";
      case META_SET -> "set";
      case META_DELETE -> "delete";
      case META_ARITHMETIC -> "incr";
      default -> word;
    };
  }

  /** Looks a proxied command up by its wire word; null when there is none. */
  public static Command byMcrouterName(String name) {
    for (Command c : values()) {
      if (c.isProxied() && c.word.equals(name)) {
        return c;
      }
    }
    return null;
  }
}
