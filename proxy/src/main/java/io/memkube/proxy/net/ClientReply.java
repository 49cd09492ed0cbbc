package io.memkube.proxy.net;

import io.memkube.protocol.reply.McReply;

/**
 * What the ordered reply queue writes to a client, in order; {@link ClientReplyEncoder} turns each
 * into memcached's bytes. A multi-key retrieval is written as it completes, key by key: {@link
 * Value}s, then one {@link End}.
 */
sealed interface ClientReply {

  /** Bytes already in their final form (local commands, protocol errors). */
  record Raw(byte[] bytes) implements ClientReply {}

  /** The reply to a single-key command that is not a classic retrieval. */
  record Single(McReply reply) implements ClientReply {}

  /** One hit of a classic retrieval: a VALUE block. */
  record Value(byte[] key, McReply hit, boolean withCas) implements ClientReply {}

  /**
   * The end of a classic retrieval: {@code END}, or, as mcrouter writes it, the first error of the
   * retrieval in its place.
   */
  record End(McReply error) implements ClientReply {}

  /** A further error of a classic retrieval, written in place of that key's VALUE block. */
  record InlineError(McReply error) implements ClientReply {}
}
