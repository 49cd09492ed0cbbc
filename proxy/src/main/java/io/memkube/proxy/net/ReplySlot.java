package io.memkube.proxy.net;

import io.memkube.protocol.reply.McReply;
import io.memkube.proxy.protocol.ClientCommand;
import java.util.function.Supplier;

/**
 * The place of one client command in the connection's reply order. Replies of later commands may
 * arrive first; they wait in their slot until every earlier slot has been written. A multi-key
 * retrieval at the head is written key by key as its replies come in order.
 */
final class ReplySlot {
  final ClientCommand command;
  final McReply[] replies;

  /** Keys of a routed command already written. */
  int written;

  /**
   * Keys of a routed command sent on their way so far: a long multi-get is routed a window at a
   * time, as its replies are written.
   */
  int routed;

  /** A task to route more of this slot's keys is pending. */
  boolean refillScheduled;

  /** The first error of a classic retrieval, written in place of its END (as mcrouter does). */
  McReply firstError;

  /** Ready bytes of a slot answered without servers, or null while they are not known yet. */
  byte[] raw;

  /**
   * Computes {@link #raw} when the slot reaches the head, for replies that describe the state then.
   */
  Supplier<byte[]> deferred;

  boolean closeAfter;

  /** A slot for a command routed to servers, one reply per key. */
  ReplySlot(ClientCommand command) {
    this.command = command;
    this.replies = new McReply[command.requests().size()];
  }

  /** A slot answered with ready bytes (errors, local commands), or later with {@link #raw}. */
  ReplySlot(ClientCommand command, byte[] raw) {
    this.command = command;
    this.replies = null;
    this.raw = raw;
  }

  boolean isRouted() {
    return replies != null;
  }

  /** Records key {@code i}'s reply; false when it was answered already. */
  boolean set(int i, McReply reply) {
    if (replies[i] != null) {
      return false;
    }
    replies[i] = reply;
    return true;
  }

  /** How many requests this slot stands for in the client's outstanding count. */
  int requestCount() {
    return replies == null ? 1 : replies.length;
  }
}
