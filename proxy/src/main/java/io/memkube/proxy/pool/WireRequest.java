package io.memkube.proxy.pool;

import io.memkube.protocol.Command;
import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.request.McRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One request on the wire to a server: a single command, or one {@code get} line carrying the keys
 * of several client requests. Each key's caller is answered once: by the reply, or earlier by a
 * timeout, after which the late reply is read and dropped (a tombstone), keeping the connection in
 * step.
 */
final class WireRequest {
  final Command op;
  final long exptime;
  final List<McRequest> requests = new ArrayList<>(1);
  final List<Consumer<McReply>> callers = new ArrayList<>(1);
  long deadlineNanos;
  boolean timedOut;

  WireRequest(McRequest first, Consumer<McReply> caller, long deadlineNanos) {
    this.op = first.op();
    this.exptime = first.exptime();
    this.deadlineNanos = deadlineNanos;
    add(first, caller);
  }

  void add(McRequest req, Consumer<McReply> caller) {
    requests.add(req);
    callers.add(caller);
  }

  boolean isBatchableRetrieval() {
    return op == Command.GET || op == Command.GETS || op == Command.GAT || op == Command.GATS;
  }

  /** Whether {@code req} may ride on this request's line. */
  boolean accepts(McRequest req, int maxKeys) {
    return isBatchableRetrieval()
        && req.op() == op
        && req.exptime() == exptime
        && requests.size() < maxKeys
        && !timedOut;
  }

  int size() {
    return requests.size();
  }

  /** Answers every caller, unless a timeout already did. */
  void complete(List<McReply> replies) {
    if (timedOut) {
      return;
    }
    for (int i = 0; i < callers.size(); i++) {
      callers.get(i).accept(replies.get(i));
    }
  }

  void completeAll(McReply reply) {
    if (timedOut) {
      return;
    }
    for (Consumer<McReply> c : callers) {
      c.accept(reply);
    }
  }

  /** Answers the callers with a timeout now; the server's late reply will be dropped. */
  void expire(McReply timeout) {
    completeAll(timeout);
    timedOut = true;
  }
}
