package io.memkube.proxy.state;

import java.util.concurrent.atomic.LongAdder;

/** Counters shown by {@code stats}; updated from every proxy thread. */
public final class ProxyStats {
  public final long startMillis = System.currentTimeMillis();
  public final LongAdder currentConnections = new LongAdder();
  public final LongAdder totalConnections = new LongAdder();
  public final LongAdder cmdGet = new LongAdder();
  public final LongAdder cmdSet = new LongAdder();
  public final LongAdder cmdDelete = new LongAdder();
  public final LongAdder cmdOther = new LongAdder();
  public final LongAdder getHits = new LongAdder();
  public final LongAdder getMisses = new LongAdder();
  public final LongAdder errorReplies = new LongAdder();
  public final LongAdder configReloads = new LongAdder();
  public final LongAdder configReloadFailures = new LongAdder();
  public volatile long lastConfigSuccessMillis = System.currentTimeMillis();
  public volatile long lastConfigFailureMillis;
  public volatile String lastConfigError = "";
}
