package io.memkube.proxy.protocol;

/** The memcached commands the proxy routes or answers, with what routing needs to know of each. */
public enum Op {
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
  DELETE("delete", Kind.DELETE),
  INCR("incr", Kind.ARITHMETIC),
  DECR("decr", Kind.ARITHMETIC),
  TOUCH("touch", Kind.TOUCH),
  META_GET("mg", Kind.RETRIEVAL),
  META_SET("ms", Kind.STORAGE),
  META_DELETE("md", Kind.DELETE),
  META_ARITHMETIC("ma", Kind.ARITHMETIC),
  /** Meta debug: one server's view of a key, read-only. */
  META_DEBUG("me", Kind.RETRIEVAL),
  META_NOOP("mn", Kind.LOCAL),
  VERSION("version", Kind.LOCAL),
  STATS("stats", Kind.LOCAL),
  FLUSH_ALL("flush_all", Kind.BROADCAST),
  VERBOSITY("verbosity", Kind.LOCAL),
  QUIT("quit", Kind.LOCAL);

  /** What a command does, as route handles see it. */
  public enum Kind {
    RETRIEVAL,
    STORAGE,
    DELETE,
    ARITHMETIC,
    TOUCH,
    BROADCAST,
    LOCAL
  }

  private final String command;
  private final Kind kind;

  Op(String command, Kind kind) {
    this.command = command;
    this.kind = kind;
  }

  /** The command word on the wire. */
  public String command() {
    return command;
  }

  public Kind kind() {
    return kind;
  }

  public boolean isRetrieval() {
    return kind == Kind.RETRIEVAL;
  }

  /** Whether the default reply of a route that drops the request is NOT_STORED (else NOT_FOUND). */
  public boolean isUpdate() {
    return kind == Kind.STORAGE;
  }

  public boolean isMeta() {
    return this == META_GET
        || this == META_SET
        || this == META_DELETE
        || this == META_ARITHMETIC
        || this == META_DEBUG;
  }

  /** The operation name mcrouter's OperationSelectorRoute uses, e.g. {@code get}, {@code set}. */
  public String mcrouterName() {
    return switch (this) {
      case META_GET -> "get";
      case META_SET -> "set";
      case META_DELETE -> "delete";
      case META_ARITHMETIC -> "incr";
      default -> command;
    };
  }

  /** Looks an operation up by mcrouter's name; null when there is none. */
  public static Op byMcrouterName(String name) {
    for (Op op : values()) {
      if (op.command.equals(name)) {
        return op;
      }
    }
    return null;
  }
}
