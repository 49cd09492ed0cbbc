package io.memkube.proxy.configmodel.spec;

import java.util.Set;

/**
 * The operations an OperationSelectorRoute may name: mcrouter's names and the wire words of every
 * command the proxy routes (the proxy's tests pin this against its command table).
 */
public final class OperationNames {
  private OperationNames() {}

  public static final Set<String> ALL =
      Set.of(
          "get",
          "gets",
          "gat",
          "gats",
          "set",
          "add",
          "replace",
          "append",
          "prepend",
          "cas",
          "incr",
          "decr",
          "delete",
          "touch",
          "flush_all",
          "version",
          "verbosity",
          "quit",
          "stats",
          "mg",
          "ms",
          "md",
          "ma",
          "mn",
          "me");
}
