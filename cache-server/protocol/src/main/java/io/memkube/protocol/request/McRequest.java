package io.memkube.protocol.request;

import io.memkube.protocol.Command;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One single-key request as routes see it. Multi-key retrievals are split into one request per key
 * before routing. Instances are immutable: a route that changes the request (expiry, key) makes a
 * copy, so fan-out routes can send the same request to several servers.
 *
 * @param op the command
 * @param key the key as sent to servers (routing prefix already removed)
 * @param flags client flags of storage commands
 * @param exptime expiry of storage, touch and gat commands
 * @param value the data block of storage commands, without its CRLF; else null
 * @param casUnique the compare-and-swap token of {@code cas}
 * @param delta the amount of {@code incr}/{@code decr}
 * @param metaTokens the flags of a meta command after the key (and after the data length for {@code
 *     ms}), without {@code q}; else an empty list
 */
public record McRequest(
    Command op,
    byte[] key,
    long flags,
    long exptime,
    byte[] value,
    long casUnique,
    long delta,
    List<String> metaTokens) {

  public static McRequest get(Command op, byte[] key, long exptime) {
    return new McRequest(op, key, 0, exptime, null, 0, 0, List.of());
  }

  public McRequest withKey(byte[] newKey) {
    return new McRequest(op, newKey, flags, exptime, value, casUnique, delta, metaTokens);
  }

  public McRequest withExptime(long newExptime) {
    if (op.isMeta()) {
      return new McRequest(
          op,
          key,
          flags,
          exptime,
          value,
          casUnique,
          delta,
          MetaTokens.withTtl(metaTokens, newExptime));
    }
    return new McRequest(op, key, flags, newExptime, value, casUnique, delta, metaTokens);
  }

  public McRequest withOp(Command newOp) {
    return new McRequest(newOp, key, flags, exptime, value, casUnique, delta, metaTokens);
  }

  /** The expiry this request sets, or 0 when it sets none (meta commands carry it as {@code T}). */
  public long effectiveExptime() {
    return op.isMeta() ? MetaTokens.ttl(metaTokens) : exptime;
  }

  public String keyString() {
    return new String(key, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return op.word() + " " + keyString();
  }
}
