package io.memkube.proxy.pool;

import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.request.McRequest;
import java.util.function.Consumer;

/**
 * One request on the wire to a server, for one key (multi-gets are split per key, as mcrouter does,
 * so each key's reply is read, timed and delivered on its own). Its caller is answered once: by the
 * reply, or earlier by a timeout, after which the late reply is read and dropped (a tombstone),
 * keeping the connection in step.
 */
final class WireRequest {
  final McRequest request;
  private final Consumer<McReply> caller;

  /** When the request was queued, then when it was written: its timeout counts from there. */
  long sinceNanos;

  boolean timedOut;

  /**
   * Whether this key ends its retrieval line on the wire (its reply ends with END); always true for
   * other commands.
   */
  boolean lastOfLine = true;

  WireRequest(McRequest request, Consumer<McReply> caller, long sinceNanos) {
    this.request = request;
    this.caller = caller;
    this.sinceNanos = sinceNanos;
  }

  /** Answers the caller, unless a timeout already did. */
  void complete(McReply reply) {
    if (!timedOut) {
      caller.accept(reply);
    }
  }

  /** Answers the caller with a timeout now; the server's late reply will be dropped. */
  void expire(McReply timeout) {
    complete(timeout);
    timedOut = true;
  }
}
