package io.memkube.proxy.route;

import io.memkube.protocol.reply.ReplyKind;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Which replies make a failover route try its next child ({@code failover_errors}). */
public final class FailoverErrors {
  private static final Map<String, Set<ReplyKind>> BY_NAME =
      Map.ofEntries(
          Map.entry("busy", EnumSet.of(ReplyKind.BUSY)),
          Map.entry("shutdown", EnumSet.of(ReplyKind.CONNECT_ERROR)),
          Map.entry("tko", EnumSet.of(ReplyKind.TKO)),
          Map.entry("try_again", EnumSet.of(ReplyKind.BUSY)),
          Map.entry("local_error", EnumSet.of(ReplyKind.LOCAL_ERROR)),
          Map.entry("connect_error", EnumSet.of(ReplyKind.CONNECT_ERROR)),
          Map.entry("connect_timeout", EnumSet.of(ReplyKind.CONNECT_ERROR)),
          Map.entry("timeout", EnumSet.of(ReplyKind.TIMEOUT)),
          Map.entry("remote_error", EnumSet.of(ReplyKind.REMOTE_ERROR)));

  public static final FailoverErrors DEFAULT =
      new FailoverErrors(
          EnumSet.of(
              ReplyKind.BUSY,
              ReplyKind.CONNECT_ERROR,
              ReplyKind.TKO,
              ReplyKind.LOCAL_ERROR,
              ReplyKind.TIMEOUT,
              ReplyKind.REMOTE_ERROR));

  private final Set<ReplyKind> kinds;

  private FailoverErrors(Set<ReplyKind> kinds) {
    this.kinds = kinds;
  }

  /** Builds the set from mcrouter's names; throws naming the first unknown one. */
  public static FailoverErrors of(List<String> names) {
    EnumSet<ReplyKind> kinds = EnumSet.noneOf(ReplyKind.class);
    for (String n : names) {
      Set<ReplyKind> k = BY_NAME.get(n);
      if (k == null) {
        throw new IllegalArgumentException(
            "unknown failover error '" + n + "', expected one of " + BY_NAME.keySet());
      }
      kinds.addAll(k);
    }
    return new FailoverErrors(kinds);
  }

  public boolean contains(ReplyKind kind) {
    return kinds.contains(kind);
  }
}
