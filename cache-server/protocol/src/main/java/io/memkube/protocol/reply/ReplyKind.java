package io.memkube.protocol.reply;

/**
 * What a reply says, ordered as mcrouter ranks reply severity (lib/McResUtil.h): a fan-out route
 * that must pick the "worst" reply takes the highest {@link #severity()}.
 */
public enum ReplyKind {
  STORED(0),
  DELETED(0),
  TOUCHED(0),
  HIT(0),
  NUMBER(0),
  OK(0),
  VERSION(0),
  /** A meta command's success: {@code HD}, {@code VA}, {@code MN}. */
  META_OK(0),
  NOT_FOUND(1),
  NOT_STORED(1),
  EXISTS(1),
  /** A retrieval miss ({@code END} alone). */
  MISS(1),
  /** A meta command's miss or refusal: {@code EN}, {@code NF}, {@code NS}, {@code EX}. */
  META_MISS(1),
  /** The server did not answer within the server timeout. */
  TIMEOUT(2),
  /** The connection to the server could not be made or broke. */
  CONNECT_ERROR(2),
  /** The server is marked down and was not tried. */
  TKO(2),
  /** Too many requests are waiting for the server. */
  BUSY(3),
  /** The server answered {@code SERVER_ERROR}. */
  REMOTE_ERROR(4),
  /** The proxy itself could not serve the request (no route, bad config). */
  LOCAL_ERROR(5),
  /** The server answered {@code CLIENT_ERROR} or {@code ERROR}. */
  CLIENT_ERROR(6);

  private final int severity;

  ReplyKind(int severity) {
    this.severity = severity;
  }

  public int severity() {
    return severity;
  }

  /** Whether mcrouter's failover routes try the next destination after this reply by default. */
  public boolean isDefaultFailoverError() {
    return severity >= 2 && this != CLIENT_ERROR;
  }

  public boolean isError() {
    return severity >= 2;
  }

  /** A hit of a retrieval, or success of anything else. */
  public boolean isSuccess() {
    return severity == 0;
  }
}
