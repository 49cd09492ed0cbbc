package io.memkube.proxy.net;

import io.memkube.protocol.reply.McReply;
import io.memkube.proxy.protocol.ClientCommand;

/**
 * The place of one client command in the connection's reply order. Replies of later commands may
 * arrive first; they wait in their slot until every earlier slot has been written.
 */
final class ReplySlot {
  final ClientCommand command;
  final McReply[] replies;
  private int missing;
  byte[] raw;

  /**
   * Computes {@link #raw} when the slot reaches the head, for replies that describe the state then.
   */
  java.util.function.Supplier<byte[]> deferred;

  boolean closeAfter;

  /** A slot for a command routed to servers, one reply per key. */
  ReplySlot(ClientCommand command) {
    this.command = command;
    this.replies = new McReply[command.requests().size()];
    this.missing = replies.length;
  }

  /** A slot answered at once with ready bytes (errors, local commands). */
  ReplySlot(ClientCommand command, byte[] raw) {
    this.command = command;
    this.replies = new McReply[0];
    this.raw = raw;
  }

  /** Records key {@code i}'s reply; true when this completed the slot. */
  boolean set(int i, McReply reply) {
    if (replies[i] != null) {
      return false;
    }
    replies[i] = reply;
    return --missing == 0;
  }

  boolean isComplete() {
    return missing == 0;
  }
}
