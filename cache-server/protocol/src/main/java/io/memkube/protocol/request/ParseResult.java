package io.memkube.protocol.request;

/** What {@link RequestParser#parse} made of the bytes it was given. */
public enum ParseResult {
  /** The buffer holds no complete request yet; nothing was consumed but swallowed bytes. */
  NEED_MORE,
  /** One request was consumed from the buffer and described in the {@link Request}. */
  REQUEST,
  /**
   * The connection must be closed without a reply, as memcached does for an over-long line without
   * a newline or an HTTP request line.
   */
  CLOSE
}
