package io.memkube.proxy.route;

import io.memkube.proxy.health.TkoTracker;
import java.util.concurrent.atomic.LongAdder;

/**
 * One server, shared by every proxy thread and every pool that lists it, and kept across config
 * reloads so that health state survives them.
 */
public final class Destination {
  private final ServerAddress address;
  private final TkoTracker health;
  private volatile long timeoutMillis;
  private final LongAdder requests = new LongAdder();
  private final LongAdder errors = new LongAdder();

  public Destination(ServerAddress address, TkoTracker health, long timeoutMillis) {
    this.address = address;
    this.health = health;
    this.timeoutMillis = timeoutMillis;
  }

  public ServerAddress address() {
    return address;
  }

  public TkoTracker health() {
    return health;
  }

  public long timeoutMillis() {
    return timeoutMillis;
  }

  /** A reload may change a pool's server_timeout; in-flight requests keep theirs. */
  public void timeoutMillis(long millis) {
    this.timeoutMillis = millis;
  }

  public void countRequest() {
    requests.increment();
  }

  public void countError() {
    errors.increment();
  }

  public long requests() {
    return requests.sum();
  }

  public long errors() {
    return errors.sum();
  }

  @Override
  public String toString() {
    return address.toString();
  }
}
