package io.memkube.proxy.state;

import io.memkube.protocol.Command;
import java.util.concurrent.atomic.LongAdder;

/** Counters shown by {@code stats} and {@code /metrics}; updated from every proxy thread. */
public final class ProxyStats {
  public final long startMillis = System.currentTimeMillis();
  public final LongAdder currentConnections = new LongAdder();
  public final LongAdder totalConnections = new LongAdder();

  /** Client logins ({@code --auth-file}) tried and failed, as memcached names them. */
  public final LongAdder authCmds = new LongAdder();

  public final LongAdder authErrors = new LongAdder();
  public final LongAdder getHits = new LongAdder();
  public final LongAdder getMisses = new LongAdder();
  public final LongAdder errorReplies = new LongAdder();
  public final LongAdder configReloads = new LongAdder();
  public final LongAdder configReloadFailures = new LongAdder();

  /** Keys routed to a server and not answered yet, over every client. */
  public final LongAdder outstanding = new LongAdder();

  public volatile long lastConfigSuccessMillis = System.currentTimeMillis();
  public volatile long lastConfigFailureMillis;
  public volatile String lastConfigError = "";

  /**
   * Client commands by operation (Command ordinal), and client-visible errors by operation: one
   * striped increment per command; {@code cmd_get} and the like are sums over them.
   */
  private final LongAdder[] commands = adders();

  private final LongAdder[] errors = adders();

  /** A command from a client. */
  public void countCommand(Command op) {
    commands[op.ordinal()].increment();
  }

  /** An error reply (before miss_on_get_errors turns it into a miss) for a client's key. */
  public void countError(Command op) {
    errorReplies.increment();
    errors[op.ordinal()].increment();
  }

  public long commands(Command op) {
    return commands[op.ordinal()].sum();
  }

  public long errors(Command op) {
    return errors[op.ordinal()].sum();
  }

  /** Client commands of one kind ({@code cmd_get}: retrievals, {@code cmd_set}: storage...). */
  public long commands(Command.Kind kind) {
    long n = 0;
    for (Command c : Command.values()) {
      if (c.kind() == kind) {
        n += commands[c.ordinal()].sum();
      }
    }
    return n;
  }

  private static LongAdder[] adders() {
    LongAdder[] a = new LongAdder[Command.values().length];
    for (int i = 0; i < a.length; i++) {
      a[i] = new LongAdder();
    }
    return a;
  }
}
